from odoo import api, models
from odoo.tools import SQL


class CrmSuiteSegmentation(models.AbstractModel):
    _inherit = "crm.suite.segmentation"

    @api.model
    def _service_cost_queries(self, company, period_start, today):
        """Job cards and complaints opened and deliveries done over the period cost the company's unit
        cost each, and complaints what their resolution cost (refund, replaced goods, coupon's discount)."""
        queries = super()._service_cost_queries(company, period_start, today)
        complaints = SQL(
            """
            FROM crm_suite_complaint complaint
            JOIN res_partner customer ON customer.id = complaint.partner_id
           WHERE complaint.company_id = %(company_id)s
             AND complaint.reported_datetime::date BETWEEN %(period_start)s AND %(today)s
            """,
            company_id=company.id,
            period_start=period_start,
            today=today,
        )
        if company.crm_suite_cost_complaint:
            queries.append(self._cost_per_event(company.crm_suite_cost_complaint, complaints))
        resolution_fields = ["resolution_refund", "resolution_goods_cost", "resolution_coupon_discount"]
        self.env["crm.suite.complaint"].flush_model(["resolution_cost", *resolution_fields])
        # What the margin holds already: invoices carry the refund and the coupon's discount;
        # orders carry the coupon's discount and the free replacement's goods (an order at no price).
        if company.crm_suite_analytics_source == "order":
            in_margin = SQL("complaint.resolution_goods_cost + complaint.resolution_coupon_discount")
        else:
            in_margin = SQL("complaint.resolution_refund + complaint.resolution_coupon_discount")
        queries.append(
            SQL(
                """
                SELECT customer.commercial_partner_id, SUM(complaint.resolution_cost), SUM(%s) %s
                   AND complaint.resolution_cost != 0
                 GROUP BY customer.commercial_partner_id
                """,
                in_margin,
                complaints,
            )
        )
        if company.crm_suite_cost_job_card:
            queries.append(
                self._cost_per_event(
                    company.crm_suite_cost_job_card,
                    SQL(
                        """
                        FROM repair_order job
                        JOIN res_partner customer ON customer.id = job.partner_id
                       WHERE job.company_id = %(company_id)s AND job.state != 'cancel'
                         AND job.create_date::date BETWEEN %(period_start)s AND %(today)s
                        """,
                        company_id=company.id,
                        period_start=period_start,
                        today=today,
                    ),
                )
            )
        if company.crm_suite_cost_delivery:
            queries.append(
                self._cost_per_event(
                    company.crm_suite_cost_delivery,
                    SQL(
                        """
                        FROM stock_picking picking
                        JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                        JOIN res_partner customer ON customer.id = picking.partner_id
                       WHERE picking.company_id = %(company_id)s AND picking.state = 'done'
                         AND picking_type.code = 'outgoing' AND picking.date_done::date %(in_period)s
                        """,
                        company_id=company.id,
                        in_period=SQL("BETWEEN %s AND %s", period_start, today),
                    ),
                )
            )
        return queries
