from odoo import fields, models
from odoo.tools import SQL

from ..models.res_partner import MONEY_READERS


class CrmSuiteLostBusiness(models.Model):
    """Business lost to competitors: the opportunities marked lost and the customers marked lost,
    side by side, by competitor and reason."""

    _name = "crm.suite.lost.business"
    _description = "Business Lost to Competitors"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "crm.lead": [
            "won_status",
            "date_closed",
            "write_date",
            "partner_id",
            "lost_competitor_id",
            "lost_reason_id",
            "expected_revenue",
            "user_id",
            "company_id",
            "active",
        ],
        "crm.suite.customer.loss": [
            "date",
            "partner_id",
            "competitor_id",
            "lost_reason_id",
            "yearly_revenue",
            "company_id",
        ],
        "res.partner": ["user_id"],
    }

    date = fields.Date(readonly=True)
    kind = fields.Selection([("opportunity", "Opportunity"), ("customer", "Customer")], readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    competitor_id = fields.Many2one("crm.suite.competitor", string="Lost To", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", readonly=True)
    amount = fields.Float(
        string="Value Lost",
        readonly=True,
        groups=MONEY_READERS,
        help="An opportunity's expected revenue; a customer's revenue over the analytics period when lost.",
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    loss_id = fields.Many2one("crm.suite.customer.loss", string="Customer Lost", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id * 2 AS id, COALESCE(l.date_closed, l.write_date)::date AS date, 'opportunity' AS kind,
                   l.partner_id, l.lost_competitor_id AS competitor_id, l.lost_reason_id,
                   l.expected_revenue AS amount, l.user_id, l.company_id, l.id AS lead_id, NULL::int AS loss_id
              FROM crm_lead l
             WHERE l.won_status = 'lost'
             UNION ALL
            SELECT c.id * 2 + 1, c.date, 'customer', c.partner_id, c.competitor_id, c.lost_reason_id,
                   c.yearly_revenue, p.user_id, c.company_id, NULL, c.id
              FROM crm_suite_customer_loss c
              JOIN res_partner p ON p.id = c.partner_id
            """
        )
