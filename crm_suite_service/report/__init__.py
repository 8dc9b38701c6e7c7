from . import crm_suite_service_job_report
from . import crm_suite_complaint_report
from . import crm_suite_feedback_report
