from odoo import api, models
from odoo.tools import SQL


class CrmSuiteSegmentation(models.AbstractModel):
    _inherit = "crm.suite.segmentation"

    @api.model
    def _service_cost_queries(self, company, period_start, today):
        """Job cards and complaints opened over the period cost the company's unit cost each.

        A complaint's refund is not added: its credit note already comes off the period's margin,
        which the profit after service starts from.
        """
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
        return queries
