from odoo.tests import new_test_user


def create_crm_suite_user(env, login, manager=False):
    """An internal user holding only the CRM Suite group under test."""
    group = "crm_suite.group_crm_suite_manager" if manager else "crm_suite.group_crm_suite_user"
    return new_test_user(env, login=login, groups=f"base.group_user,{group}")
