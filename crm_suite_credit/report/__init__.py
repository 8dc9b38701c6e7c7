from . import crm_suite_credit_ageing
