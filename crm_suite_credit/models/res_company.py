from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_suite_reminder_level_ids = fields.One2many(
        "crm.suite.reminder.level", "company_id", string="Payment Reminder Levels"
    )
    crm_suite_reply_pause_days = fields.Integer(
        string="Pause After a Reply (days)",
        default=7,
        help="A customer's reply to a payment reminder pauses the next ones for this many days.",
    )

    _crm_suite_reply_pause_days_positive = models.Constraint(
        "CHECK(crm_suite_reply_pause_days >= 0)", "The days a reply pauses the reminders cannot be negative."
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._crm_suite_create_default_reminder_levels()
        return companies

    def _crm_suite_create_default_reminder_levels(self):
        """Levels at 3, 15 and 30 days overdue for the companies that have none yet."""
        # sudo: the defaults every company starts with, whoever creates the company.
        default_levels = (
            (3, self.env._("Friendly reminder")),
            (15, self.env._("Second reminder")),
            (30, self.env._("Final reminder")),
        )
        Level = self.env["crm.suite.reminder.level"].sudo().with_context(active_test=False)
        without_levels = self.filtered(lambda company: not Level.search_count([("company_id", "=", company.id)]))
        Level.create(
            [
                {"name": name, "days_overdue": days, "company_id": company.id}
                for company in without_levels
                for days, name in default_levels
            ]
        )

    @api.model
    def _crm_suite_install_default_reminder_levels(self):
        self.search([])._crm_suite_create_default_reminder_levels()
