from . import crm_suite_greeting
from . import res_company
from . import res_config_settings
