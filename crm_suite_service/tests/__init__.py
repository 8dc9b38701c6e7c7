from . import test_comeback
from . import test_cost_to_serve
from . import test_job_card_lifecycle
from . import test_portal
from . import test_promise
from . import test_security
from . import test_service_reminders
