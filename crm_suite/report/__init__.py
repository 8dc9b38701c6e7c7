from . import crm_suite_occasion
from . import crm_suite_lost_business
from . import crm_suite_service_budget_report
from . import crm_suite_prediction_backtest
