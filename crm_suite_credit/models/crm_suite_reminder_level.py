from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSuiteReminderLevel(models.Model):
    """A step of a company's payment follow-up: invoices this many days overdue get its message once."""

    _name = "crm.suite.reminder.level"
    _description = "Payment Reminder Level"
    _order = "company_id, days_overdue, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    days_overdue = fields.Integer(
        string="Days Overdue", required=True, default=3, help="Invoices this many days past their due date get it."
    )
    sequence = fields.Integer(
        compute="_compute_level_order", help="Its place among the company's levels, the first being 1."
    )
    is_last_level = fields.Boolean(
        string="Last Level",
        compute="_compute_level_order",
        help="The level with the most days overdue: the salesperson is asked to call, and new orders of a"
        " customer with an invoice past it need a sales manager.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email",
        domain=[("model", "=", "crm.suite.credit.follow.up")],
        default=lambda self: self.env.ref("crm_suite_credit.mail_template_payment_reminder", raise_if_not_found=False),
        help="Sent with the customer's statement of open invoices attached.",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS and WhatsApp Text",
        domain=[("model", "=", "crm.suite.credit.follow.up")],
        default=lambda self: self.env.ref("crm_suite_credit.sms_template_payment_reminder", raise_if_not_found=False),
    )
    active = fields.Boolean(default=True)

    _days_overdue_unique = models.Constraint(
        "UNIQUE(company_id, days_overdue)", "A company has one reminder level per number of days overdue."
    )

    @api.depends("company_id", "days_overdue", "active")
    def _compute_level_order(self):
        levels_of = {company: self.search([("company_id", "=", company.id)]) for company in self.company_id}
        for level in self:
            levels = levels_of.get(level.company_id, level)
            level.sequence = levels.ids.index(level.id) + 1 if level.id in levels.ids else 0
            level.is_last_level = bool(levels) and level == levels[-1]

    @api.constrains("mail_template_id", "sms_template_id")
    def _check_templates_are_for_follow_ups(self):
        for level in self:
            templates = (level.mail_template_id.model, level.sms_template_id.model)
            if any(model and model != "crm.suite.credit.follow.up" for model in templates):
                raise ValidationError(
                    self.env._("%(level)s: its templates must be Payment Follow-up templates.", level=level.name)
                )

    @api.constrains("days_overdue")
    def _check_days_overdue(self):
        if any(level.days_overdue < 1 for level in self):
            raise ValidationError(self.env._("A reminder level is for invoices at least one day overdue."))
