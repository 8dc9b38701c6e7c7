from . import crm_suite_service_approval
from . import crm_suite_service_free_delivery
