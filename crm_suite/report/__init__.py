from . import crm_suite_occasion
