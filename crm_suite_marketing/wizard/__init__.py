from . import crm_suite_segment_offer
