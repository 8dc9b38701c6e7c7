from odoo.tests import new_test_user


def create_crm_suite_user(env, login, manager=False, personal_data=False):
    """An internal user holding only the CRM Suite groups under test."""
    groups = ["base.group_user", "crm_suite.group_crm_suite_manager" if manager else "crm_suite.group_crm_suite_user"]
    if personal_data:
        groups.append("crm_suite.group_crm_suite_personal_data")
    return new_test_user(env, login=login, groups=",".join(groups))
