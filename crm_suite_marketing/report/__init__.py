from . import crm_suite_offer_result
