from odoo import api, models
from odoo.tools import SQL


class CrmSuiteSegmentation(models.AbstractModel):
    """The cost of serving each customer over the period: each event at the company's unit cost.
    Add-ons with events of their own (job cards, complaints) extend ``_service_cost_queries``."""

    _inherit = "crm.suite.segmentation"

    @api.model
    def _service_cost_queries(self, company, period_start, today):
        """Queries of (partner_id, cost, in_margin): each service event over the period at its unit
        cost, and what resolving complaints cost; ``in_margin`` is the part of the cost that already
        lowered the margin (a refund's credit note), which the profit after service counts once.

        Add-ons with events of their own extend the list (crm_suite_service: job cards,
        deliveries, complaints and their resolution).
        """
        queries = [SQL("SELECT NULL::int AS partner_id, 0::numeric AS cost, 0::numeric AS in_margin WHERE FALSE")]
        in_period = SQL("BETWEEN %s AND %s", period_start, today)
        if company.crm_suite_cost_email:
            queries.append(
                self._cost_per_event(
                    company.crm_suite_cost_email,
                    SQL(
                        """
                        FROM mail_message_res_partner_rel sent
                        JOIN mail_message message ON message.id = sent.mail_message_id
                        JOIN res_partner customer ON customer.id = sent.res_partner_id
                       WHERE message.message_type IN ('email', 'email_outgoing', 'comment', 'notification')
                         AND message.subtype_id IS DISTINCT FROM %(note)s AND message.mail_activity_type_id IS NULL
                         AND message.date::date %(in_period)s
                         AND COALESCE(message.record_company_id, %(company_id)s) = %(company_id)s
                        """,
                        note=self.env.ref("mail.mt_note").id,
                        in_period=in_period,
                        company_id=company.id,
                    ),
                )
            )
        if company.crm_suite_cost_activity or company.crm_suite_cost_call or company.crm_suite_cost_visit:
            # Done activities (the messages they leave) on the contact or on its opportunities.
            queries.append(
                SQL(
                    """
                    SELECT customer.commercial_partner_id,
                           SUM(CASE activity_type.category WHEN 'phonecall' THEN %(call)s
                                                           WHEN 'meeting' THEN %(visit)s
                                                           ELSE %(activity)s END),
                           0
                      FROM mail_message message
                      JOIN mail_activity_type activity_type ON activity_type.id = message.mail_activity_type_id
                      LEFT JOIN crm_lead lead ON message.model = 'crm.lead' AND lead.id = message.res_id
                      JOIN res_partner customer
                        ON customer.id = CASE message.model WHEN 'res.partner' THEN message.res_id
                                                            ELSE lead.partner_id END
                     WHERE message.model IN ('res.partner', 'crm.lead') AND message.date::date %(in_period)s
                       AND COALESCE(message.record_company_id, %(company_id)s) = %(company_id)s
                     GROUP BY customer.commercial_partner_id
                    """,
                    call=company.crm_suite_cost_call,
                    visit=company.crm_suite_cost_visit,
                    activity=company.crm_suite_cost_activity,
                    in_period=in_period,
                    company_id=company.id,
                )
            )
        return queries

    @api.model
    def _cost_per_event(self, unit_cost, events):
        """(partner_id, cost, in_margin) of counted events.

        ``events`` is a FROM ... WHERE ... naming the ``customer``."""
        return SQL(
            "SELECT customer.commercial_partner_id, COUNT(*) * %s, 0 %s GROUP BY customer.commercial_partner_id",
            unit_cost,
            events,
        )
