from odoo import fields, models
from odoo.tools import SQL

BUCKETS = [
    ("not_due", "Not Due"),
    ("0_30", "0-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("90_plus", "90+ Days"),
]


class CrmSuiteCreditAgeing(models.Model):
    """What each customer owes, by how long it is past due: every open receivable line (invoices, credit
    notes, payments not yet matched) in its bucket of days past due, in the company's currency."""

    _name = "crm.suite.credit.ageing"
    _description = "Overdue Ageing"
    _auto = False
    _order = "days_overdue desc, id"
    _rec_name = "move_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", string="Document", readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(string="Days Overdue", readonly=True, aggregator="max")
    bucket = fields.Selection(BUCKETS, readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    amount_not_due = fields.Monetary(string="Not Due", readonly=True)
    amount_0_30 = fields.Monetary(string="0-30 Days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    amount_90_plus = fields.Monetary(string="90+ Days", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        days = SQL("(%s::date - COALESCE(line.date_maturity, line.date))", today)
        bucket = SQL(
            """CASE WHEN %(days)s <= 0 THEN 'not_due' WHEN %(days)s <= 30 THEN '0_30'
                    WHEN %(days)s <= 60 THEN '31_60' WHEN %(days)s <= 90 THEN '61_90' ELSE '90_plus' END""",
            days=days,
        )
        return SQL(
            """
            SELECT line.id, customer.id AS partner_id, customer.user_id, line.company_id, company.currency_id,
                   line.move_id, COALESCE(line.date_maturity, line.date) AS date_maturity,
                   GREATEST(%(days)s, 0) AS days_overdue, %(bucket)s AS bucket,
                   line.amount_residual,
                   CASE WHEN %(days)s <= 0 THEN line.amount_residual ELSE 0 END AS amount_not_due,
                   CASE WHEN %(days)s BETWEEN 1 AND 30 THEN line.amount_residual ELSE 0 END AS amount_0_30,
                   CASE WHEN %(days)s BETWEEN 31 AND 60 THEN line.amount_residual ELSE 0 END AS amount_31_60,
                   CASE WHEN %(days)s BETWEEN 61 AND 90 THEN line.amount_residual ELSE 0 END AS amount_61_90,
                   CASE WHEN %(days)s > 90 THEN line.amount_residual ELSE 0 END AS amount_90_plus
              FROM account_move_line line
              JOIN account_account account ON account.id = line.account_id
              JOIN res_company company ON company.id = line.company_id
              JOIN res_partner contact ON contact.id = line.partner_id
              JOIN res_partner customer ON customer.id = contact.commercial_partner_id
             WHERE account.account_type = 'asset_receivable'
               AND line.parent_state = 'posted'
               AND NOT line.reconciled
               AND line.amount_residual != 0
            """,
            days=days,
            bucket=bucket,
        )
