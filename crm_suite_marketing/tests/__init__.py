from . import test_demo
from . import test_offer_results
from . import test_segment_offer
from . import test_ui
