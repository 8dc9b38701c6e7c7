from . import test_greeting_gift
from . import test_menus
from . import test_tiers
from . import test_benefits
from . import test_portal
from . import test_security
from . import test_demo
