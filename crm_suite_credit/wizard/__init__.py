from . import account_payment_register
from . import crm_suite_promise_to_pay
