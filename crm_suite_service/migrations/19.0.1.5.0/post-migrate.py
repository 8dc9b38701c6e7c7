from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    """The Service Centre now has roles of its own instead of widening crm_suite's: those who
    worked in it as CRM Suite users and managers become its advisers and managers, then crm_suite's
    groups lose the Inventory and Survey rights this add-on once made them imply, and its menus the
    crm_suite groups an update would keep (a menu's groups are only ever added to)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    suite_user = env.ref("crm_suite.group_crm_suite_user")
    suite_manager = env.ref("crm_suite.group_crm_suite_manager")
    for suite_group, service_group in (
        (suite_user, env.ref("crm_suite_service.group_service_adviser")),
        (suite_manager, env.ref("crm_suite_service.group_service_manager")),
    ):
        service_group.user_ids = [Command.link(user.id) for user in suite_group.all_user_ids]
    suite_user.implied_ids = [Command.unlink(env.ref("stock.group_stock_user").id)]
    suite_manager.implied_ids = [Command.unlink(env.ref("survey.group_survey_manager").id)]
    menu_ids = (
        env["ir.model.data"]
        .search([("module", "=", "crm_suite_service"), ("model", "=", "ir.ui.menu")])
        .mapped("res_id")
    )
    env["ir.ui.menu"].browse(menu_ids).group_ids = [Command.unlink(group.id) for group in suite_user | suite_manager]
