from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_suite_comeback_days = fields.Integer(
        string="Comeback Window (days)",
        default=30,
        help="A job for a problem seen on the same asset within this many days of its delivery is a comeback.",
    )
    crm_suite_promise_warning_hours = fields.Integer(
        string="Promise Warning (hours)",
        default=2,
        help="Warn the service manager this many hours before a promised delivery that is not ready.",
    )
    crm_suite_service_reminder_days = fields.Integer(
        string="Service Reminder (days ahead)", default=7, help="Remind owners this many days before a service is due."
    )
    crm_suite_service_manager_id = fields.Many2one(
        "res.users", string="Service Manager", help="Receives the warnings of promises at risk."
    )

    _crm_suite_service_days_positive = models.Constraint(
        "CHECK(crm_suite_comeback_days >= 0 AND crm_suite_promise_warning_hours >= 0 "
        "AND crm_suite_service_reminder_days >= 0)",
        "Service windows and notices cannot be negative.",
    )
