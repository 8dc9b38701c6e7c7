from . import test_cost_to_serve
from . import test_security
