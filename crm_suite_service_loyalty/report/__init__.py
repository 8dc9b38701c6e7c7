from . import crm_suite_feedback_report
