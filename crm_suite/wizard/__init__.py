from . import crm_lead_lost
from . import crm_suite_mark_lost
from . import crm_suite_whatsapp_compose
from . import crm_suite_discount_approval
from . import crm_suite_log_call
from . import privacy_lookup_wizard
from . import portal_wizard
from . import base_partner_merge_automatic_wizard
