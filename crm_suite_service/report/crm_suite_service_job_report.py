from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.crm_suite.models.res_partner import MONEY_READERS

from ..models.crm_suite_service_asset import ASSET_TYPES
from ..models.repair_order import SERVICE_STAGES


class CrmSuiteServiceJobReport(models.Model):
    """One row per job card with the figures a service manager averages: turnaround, on time, comeback."""

    _name = "crm.suite.service.job.report"
    _description = "Job Card Analysis"
    _auto = False
    _order = "checkin_date desc"
    _rec_name = "repair_id"
    _depends = {
        "repair.order": [
            "company_id",
            "partner_id",
            "service_asset_id",
            "asset_type",
            "service_stage",
            "user_id",
            "checkin_date",
            "delivered_datetime",
            "turnaround_hours",
            "is_on_time",
            "is_comeback",
            "estimated_hours",
            "actual_hours",
            "sale_order_id",
            "state",
        ],
        "sale.order": ["amount_untaxed", "currency_rate", "state"],
    }

    repair_id = fields.Many2one("repair.order", string="Job Card", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    service_asset_id = fields.Many2one("crm.suite.service.asset", string="Vehicle / Asset", readonly=True)
    asset_type = fields.Selection(ASSET_TYPES, readonly=True)
    service_stage = fields.Selection(SERVICE_STAGES, string="Stage", readonly=True)
    user_id = fields.Many2one("res.users", string="Service Adviser", readonly=True)
    checkin_date = fields.Date(string="Check-in Date", readonly=True)
    delivered_date = fields.Date(readonly=True)
    job_count = fields.Integer(string="Job Cards", readonly=True, aggregator="sum")
    turnaround_hours = fields.Float(readonly=True, aggregator="avg", help="Check-in to delivery, delivered jobs only.")
    on_time_rate = fields.Float(string="On-time Delivery (%)", readonly=True, aggregator="avg")
    comeback_rate = fields.Float(string="Comeback Rate (%)", readonly=True, aggregator="avg")
    revenue = fields.Float(string="Revenue (untaxed)", readonly=True, aggregator="sum", groups=MONEY_READERS)
    estimated_hours = fields.Float(readonly=True, aggregator="sum")
    actual_hours = fields.Float(string="Hours Spent", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT job.id AS id,
                           job.id AS repair_id,
                           job.company_id,
                           job.partner_id,
                           job.service_asset_id,
                           job.asset_type,
                           job.service_stage,
                           job.user_id,
                           job.checkin_date,
                           job.delivered_datetime::date AS delivered_date,
                           1 AS job_count,
                           CASE WHEN job.delivered_datetime IS NOT NULL
                                THEN job.turnaround_hours END AS turnaround_hours,
                           CASE WHEN job.delivered_datetime IS NULL THEN NULL
                                WHEN job.is_on_time THEN 100.0 ELSE 0.0 END AS on_time_rate,
                           CASE WHEN job.is_comeback THEN 100.0 ELSE 0.0 END AS comeback_rate,
                           CASE WHEN sale.state = 'sale'
                                THEN sale.amount_untaxed / COALESCE(NULLIF(sale.currency_rate, 0), 1)
                                ELSE 0 END AS revenue,
                           job.estimated_hours,
                           job.actual_hours
                      FROM repair_order job
                 LEFT JOIN sale_order sale ON sale.id = job.sale_order_id
                     WHERE job.state != 'cancel'
                )
                """,
                SQL.identifier(self._table),
            )
        )
