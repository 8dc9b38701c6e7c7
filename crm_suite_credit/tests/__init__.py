from . import test_ageing
from . import test_credit_block
from . import test_demo
from . import test_payment_method
from . import test_promise
from . import test_reminders
from . import test_security
from . import test_ui
