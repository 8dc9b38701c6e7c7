# First: the other models extend it.
from . import crm_suite_engine_mixin
from . import account_move
from . import crm_lead
from . import crm_suite_abc_history
from . import crm_suite_competitor
from . import crm_suite_demo
from . import crm_suite_family_member
from . import crm_suite_greeting
from . import crm_suite_interest
from . import crm_suite_rfm_segment
from . import crm_suite_segmentation
from . import crm_suite_service_level
from . import loyalty_program
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
