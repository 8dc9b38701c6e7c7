from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.res_partner import ABC_CLASSES, MONEY_READERS


class CrmSuiteServiceBudgetReport(models.Model):
    """Per company and ABC class: what serving its customers cost against the class's budget."""

    _name = "crm.suite.service.budget.report"
    _description = "Cost to Serve against Budget"
    _auto = False
    _order = "company_id, abc_class"
    _rec_name = "abc_class"
    _depends = {
        "res.partner": ["abc_class", "cost_to_serve", "active"],
        "crm.suite.service.level": ["company_id", "abc_class", "cost_to_serve_budget"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True, aggregator="sum")
    budget_per_customer = fields.Monetary(
        string="Budget per Customer", readonly=True, aggregator="max", groups=MONEY_READERS
    )
    budget = fields.Monetary(
        readonly=True, aggregator="sum", groups=MONEY_READERS, help="The budget per customer times the customers."
    )
    cost_to_serve = fields.Monetary(string="Cost to Serve", readonly=True, aggregator="sum", groups=MONEY_READERS)
    over_budget_count = fields.Integer(
        string="Customers over Budget", readonly=True, aggregator="sum", groups=MONEY_READERS
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        cost = SQL("COALESCE((partner.cost_to_serve ->> level.company_id::text)::numeric, 0)")
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT level.id, level.company_id, level.abc_class,
                           COUNT(partner.id) AS customer_count,
                           level.cost_to_serve_budget AS budget_per_customer,
                           level.cost_to_serve_budget * COUNT(partner.id) AS budget,
                           COALESCE(SUM(%(cost)s), 0) AS cost_to_serve,
                           COUNT(partner.id) FILTER (
                               WHERE level.cost_to_serve_budget > 0 AND %(cost)s > level.cost_to_serve_budget
                           ) AS over_budget_count
                      FROM crm_suite_service_level level
                      LEFT JOIN res_partner partner
                        ON partner.active AND partner.abc_class ->> level.company_id::text = level.abc_class
                     GROUP BY level.id
                )
                """,
                table=SQL.identifier(self._table),
                cost=cost,
            )
        )
