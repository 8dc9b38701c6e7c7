from . import test_demo_history, test_security, test_ui
