from . import test_feedback_by_tier
