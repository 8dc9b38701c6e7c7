from odoo import fields, models

from .res_partner import ABC_CLASSES


class CrmSuiteAbcHistory(models.Model):
    """Each change of a customer's ABC class, for the class migration report."""

    _name = "crm.suite.abc.history"
    _description = "ABC Class Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    from_class = fields.Selection(ABC_CLASSES, string="From")
    to_class = fields.Selection(ABC_CLASSES, string="To")
    reason = fields.Char(help="The manager's reason, for a manual override.")
    user_id = fields.Many2one("res.users", string="Changed By", default=lambda self: self.env.user)

    # A nightly recompute, or two at once, records at most one change per customer and day.
    _one_change_per_day = models.Constraint(
        "UNIQUE(partner_id, company_id, date)", "A customer's class changes at most once a day."
    )
