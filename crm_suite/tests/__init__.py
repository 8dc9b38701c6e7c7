from . import test_demo_history
from . import test_discount_limit
from . import test_greetings
from . import test_occasion_rules
from . import test_profile
from . import test_security
from . import test_segmentation
from . import test_ui
