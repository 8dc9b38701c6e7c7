from . import crm_suite_service_job_report
