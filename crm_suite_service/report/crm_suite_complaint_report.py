from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.crm_suite_complaint import CHANNELS
from ..models.crm_suite_complaint_resolution import RESOLUTION_TYPES


class CrmSuiteComplaintReport(models.Model):
    """One row per complaint with the figures managers average: SLA kept, response and resolution times, CSAT."""

    _name = "crm.suite.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "reported_date desc"
    _rec_name = "complaint_id"
    _depends = {
        "crm.suite.complaint": [
            "company_id",
            "commercial_partner_id",
            "category_id",
            "product_id",
            "stage_id",
            "team_id",
            "user_id",
            "channel",
            "resolution_type",
            "reported_datetime",
            "is_sla_breached",
            "response_hours",
            "resolution_hours",
            "rating_value",
            "resolution_cost",
            "resolved_datetime",
            "first_response_datetime",
        ],
    }

    complaint_id = fields.Many2one("crm.suite.complaint", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("crm.suite.complaint.category", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    stage_id = fields.Many2one("crm.suite.complaint.stage", readonly=True)
    team_id = fields.Many2one("crm.suite.complaint.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    resolution_type = fields.Selection(RESOLUTION_TYPES, readonly=True)
    reported_date = fields.Date(readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True, aggregator="sum")
    sla_compliance = fields.Float(
        string="SLA Kept (%)", readonly=True, aggregator="avg", help="Answered and resolved complaints within targets."
    )
    response_hours = fields.Float(string="Hours to First Response", readonly=True, aggregator="avg")
    resolution_hours = fields.Float(string="Hours to Resolution", readonly=True, aggregator="avg")
    csat = fields.Float(string="CSAT (%)", readonly=True, aggregator="avg", help="Share of ratings of 4 or 5.")
    resolution_cost = fields.Float(readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT complaint.id AS id,
                           complaint.id AS complaint_id,
                           complaint.company_id,
                           complaint.commercial_partner_id AS partner_id,
                           complaint.category_id,
                           complaint.product_id,
                           complaint.stage_id,
                           complaint.team_id,
                           complaint.user_id,
                           complaint.channel,
                           complaint.resolution_type,
                           complaint.reported_datetime::date AS reported_date,
                           1 AS complaint_count,
                           CASE WHEN complaint.is_sla_breached THEN 0.0
                                WHEN complaint.resolved_datetime IS NOT NULL THEN 100.0 END AS sla_compliance,
                           CASE WHEN complaint.first_response_datetime IS NOT NULL
                                THEN complaint.response_hours END AS response_hours,
                           CASE WHEN complaint.resolved_datetime IS NOT NULL
                                THEN complaint.resolution_hours END AS resolution_hours,
                           CASE WHEN complaint.rating_value >= 4 THEN 100.0
                                WHEN complaint.rating_value > 0 THEN 0.0 END AS csat,
                           complaint.resolution_cost
                      FROM crm_suite_complaint complaint
                )
                """,
                SQL.identifier(self._table),
            )
        )
