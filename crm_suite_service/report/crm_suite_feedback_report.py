from odoo import api, fields, models, tools
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.crm_suite.models.res_partner import ABC_CLASSES

from ..models.crm_suite_feedback_mixin import FEEDBACK_CHANNELS
from ..models.crm_suite_service_asset import ASSET_TYPES
from ..models.rating_rating import readable_documents


class CrmSuiteFeedbackReport(models.Model):
    """One row per feedback request after a service or a sale: whether the customer answered, and
    how satisfied they were, with who served them and what they bought."""

    _name = "crm.suite.feedback.report"
    _description = "Feedback Analysis"
    _auto = False
    _order = "requested_date desc"
    _depends = {
        "repair.order": [
            "company_id",
            "partner_id",
            "user_id",
            "asset_type",
            "product_id",
            "crm_suite_feedback_requested_datetime",
            "crm_suite_feedback_channel",
            "rating_last_value",
        ],
        "sale.order": [
            "company_id",
            "partner_id",
            "user_id",
            "crm_suite_feedback_requested_datetime",
            "crm_suite_feedback_channel",
            "rating_last_value",
        ],
        "sale.order.line": ["order_id", "product_id", "price_subtotal", "display_type"],
        "crm.suite.service.labour": ["repair_id", "technician_id", "actual_hours"],
        "res.partner": ["commercial_partner_id", "abc_class"],
    }

    kind = fields.Selection([("service", "Service"), ("sale", "Sale")], readonly=True)
    repair_id = fields.Many2one("repair.order", string="Job Card", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    requested_date = fields.Date(string="Asked On", readonly=True)
    channel = fields.Selection(FEEDBACK_CHANNELS, readonly=True)
    technician_id = fields.Many2one(
        "res.users", string="Technician", readonly=True, help="Who logged the most hours on the job card."
    )
    adviser_id = fields.Many2one("res.users", string="Service Adviser", readonly=True)
    asset_type = fields.Selection(ASSET_TYPES, readonly=True)
    salesperson_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    product_category_id = fields.Many2one(
        "product.category",
        readonly=True,
        help="The job card's product, or the order's largest line.",
    )
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    request_count = fields.Integer(string="Requests", readonly=True, aggregator="sum")
    response_rate = fields.Float(
        string="Response Rate (%)", readonly=True, aggregator="avg", help="Share of requests the customer rated."
    )
    csat = fields.Float(string="CSAT (%)", readonly=True, aggregator="avg", help="Share of ratings of 4 or 5.")
    rating = fields.Float(string="Average Rating", readonly=True, aggregator="avg")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs):
        """A row shows how a customer rated a job card or an order: it is read with that document
        only, as its rating is (an adviser who sees their own orders counts those orders only)."""
        if not (self.env.su or bypass_access):
            readable = [
                Domain(field, "in", documents)
                for field, model_name in (("repair_id", "repair.order"), ("sale_order_id", "sale.order"))
                if (documents := readable_documents(self.env, model_name)) is not None
            ]
            domain = Domain(domain) & Domain.OR(readable)
        return super()._search(domain, offset, limit, order, bypass_access=bypass_access, **kwargs)

    def _customer_columns(self):
        """The customer's columns, in both the job cards' and the orders' rows: ``commercial`` is the
        customer (their commercial partner), ``record`` the job card or order."""
        return SQL("commercial.abc_class ->> record.company_id::text AS abc_class")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        answered = """
                           1 AS request_count,
                           CASE WHEN record.rating_last_value > 0 THEN 100.0 ELSE 0.0 END AS response_rate,
                           CASE WHEN record.rating_last_value >= 4 THEN 100.0
                                WHEN record.rating_last_value > 0 THEN 0.0 END AS csat,
                           NULLIF(record.rating_last_value, 0) AS rating
        """
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT 2 * record.id AS id,
                           'service' AS kind,
                           record.id AS repair_id,
                           NULL::integer AS sale_order_id,
                           record.company_id,
                           customer.commercial_partner_id AS partner_id,
                           record.crm_suite_feedback_requested_datetime::date AS requested_date,
                           record.crm_suite_feedback_channel AS channel,
                           lead.technician_id,
                           record.user_id AS adviser_id,
                           record.asset_type,
                           NULL::integer AS salesperson_id,
                           template.categ_id AS product_category_id,
                           %(customer_columns)s,
                           %(answered)s
                      FROM repair_order record
                      JOIN res_partner customer ON customer.id = record.partner_id
                      JOIN res_partner commercial ON commercial.id = customer.commercial_partner_id
                 LEFT JOIN product_product product ON product.id = record.product_id
                 LEFT JOIN product_template template ON template.id = product.product_tmpl_id
                 LEFT JOIN LATERAL (
                        SELECT labour.technician_id
                          FROM crm_suite_service_labour labour
                         WHERE labour.repair_id = record.id AND labour.technician_id IS NOT NULL
                      GROUP BY labour.technician_id
                      ORDER BY SUM(labour.actual_hours) DESC, labour.technician_id
                         LIMIT 1
                      ) lead ON TRUE
                     WHERE record.crm_suite_feedback_channel != 'none'
                 UNION ALL
                    SELECT 2 * record.id + 1 AS id,
                           'sale' AS kind,
                           NULL::integer AS repair_id,
                           record.id AS sale_order_id,
                           record.company_id,
                           customer.commercial_partner_id AS partner_id,
                           record.crm_suite_feedback_requested_datetime::date AS requested_date,
                           record.crm_suite_feedback_channel AS channel,
                           NULL::integer AS technician_id,
                           NULL::integer AS adviser_id,
                           NULL AS asset_type,
                           record.user_id AS salesperson_id,
                           main_line.categ_id AS product_category_id,
                           %(customer_columns)s,
                           %(answered)s
                      FROM sale_order record
                      JOIN res_partner customer ON customer.id = record.partner_id
                      JOIN res_partner commercial ON commercial.id = customer.commercial_partner_id
                 LEFT JOIN LATERAL (
                        SELECT template.categ_id
                          FROM sale_order_line line
                          JOIN product_product product ON product.id = line.product_id
                          JOIN product_template template ON template.id = product.product_tmpl_id
                         WHERE line.order_id = record.id AND line.display_type IS NULL
                      ORDER BY line.price_subtotal DESC, line.id
                         LIMIT 1
                      ) main_line ON TRUE
                     WHERE record.crm_suite_feedback_channel != 'none'
                )
                """,
                view=SQL.identifier(self._table),
                customer_columns=self._customer_columns(),
                answered=SQL(answered),
            )
        )
