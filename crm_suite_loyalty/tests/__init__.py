from . import test_greeting_gift
from . import test_menus
