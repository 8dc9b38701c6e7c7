from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_suite.models.res_partner import MONEY_READERS

CHANNELS = [("mail", "Email"), ("sms", "SMS"), ("whatsapp", "WhatsApp"), ("coupon", "Loyalty offer")]


class CrmSuiteOfferResult(models.Model):
    """What each offer earned, one row per message of a mailing to a contact and per coupon a loyalty
    offer gave: its delivery, opening and click, the coupon and its use, and the orders, revenue and
    margin attributed to it by UTM (a click in the mailing, or a coupon of the offer used on the order).

    A customer's attributed documents count once per mailing (or loyalty campaign), on their first
    row, whoever of their contacts got it. Revenue and margin are the analytics' own (posted invoices
    net of credit notes, or confirmed orders, by the company's setting), in the current company; the
    rows are its offers (and Email Marketing's mailings to contacts, which belong to no company)."""

    _name = "crm.suite.offer.result"
    _description = "Offer Results"
    _auto = False
    _order = "date desc, id desc"
    # Flushed before the report is read (the documents' own tables come with the analytics' purchases).
    _depends = {
        "mailing.trace": [
            "mass_mailing_id",
            "model",
            "res_id",
            "trace_type",
            "trace_status",
            "sent_datetime",
            "links_click_datetime",
        ],
        "mailing.mailing": ["campaign_id", "source_id", "crm_suite_segment", "crm_suite_company_id"],
        "loyalty.card": ["partner_id", "company_id", "crm_suite_mailing_id", "crm_suite_campaign_id"],
        "crm.suite.whatsapp.message": ["partner_id", "company_id", "campaign_id", "state", "sent_datetime"],
        "sale.order": [
            "partner_id",
            "state",
            "company_id",
            "source_id",
            "campaign_id",
            "currency_rate",
            "date_order",
        ],
        "sale.order.line": [
            "order_id",
            "company_id",
            "coupon_id",
            "reward_id",
            "price_subtotal",
            "state",
            "product_uom_qty",
            "product_id",
            "display_type",
            "order_partner_id",
        ],
        "account.move": [
            "partner_id",
            "commercial_partner_id",
            "state",
            "move_type",
            "invoice_date",
            "source_id",
            "campaign_id",
            "company_id",
        ],
        "account.move.line": [
            "move_id",
            "balance",
            "quantity",
            "product_id",
            "parent_state",
            "display_type",
            "company_id",
            "partner_id",
        ],
        "res.partner": ["commercial_partner_id"],
    }

    date = fields.Date(string="Sent On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", string="Campaign", readonly=True)
    mailing_id = fields.Many2one("mailing.mailing", string="Mailing", readonly=True)
    segment = fields.Char(readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    # The card's name is its code: for those who may read coupons (Odoo's salespeople), not every marketer.
    coupon_id = fields.Many2one("loyalty.card", string="Coupon", readonly=True, groups="sales_team.group_sale_salesman")
    sent = fields.Integer(readonly=True)
    delivered = fields.Integer(readonly=True)
    opened = fields.Integer(readonly=True)
    clicked = fields.Integer(readonly=True)
    coupons = fields.Integer(string="Coupons Given", readonly=True)
    redeemed = fields.Integer(string="Coupons Used", readonly=True)
    orders = fields.Integer(string="Orders", readonly=True)
    revenue = fields.Monetary(readonly=True, currency_field="currency_id")
    margin = fields.Monetary(readonly=True, currency_field="currency_id", groups=MONEY_READERS)
    discount_cost = fields.Monetary(string="Discounts Given", readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", readonly=True)

    @property
    def _table_query(self):
        return self._results_query(self.env.company, fields.Date.context_today(self))

    @api.model
    def _results_query(self, company, today):
        source = company.crm_suite_analytics_source
        return SQL(
            """
            WITH documents AS (%(documents)s),
            attributed AS (
                -- The customer's documents of an offer: by the mailing's source, else by the loyalty campaign.
                SELECT d.partner_id, COALESCE('s' || doc.source_id, 'c' || doc.campaign_id) AS offer_key,
                       SUM(d.revenue) AS revenue, SUM(d.margin) AS margin
                  FROM documents d
                  JOIN %(document_table)s doc ON doc.id = d.document_id
                 WHERE doc.source_id IS NOT NULL OR doc.campaign_id IS NOT NULL
                 GROUP BY 1, 2
            ),
            orders AS (
                SELECT p.commercial_partner_id AS partner_id,
                       COALESCE('s' || o.source_id, 'c' || o.campaign_id) AS offer_key, COUNT(*) AS orders
                  FROM sale_order o
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.company_id = %(company_id)s AND o.state = 'sale'
                   AND (o.source_id IS NOT NULL OR o.campaign_id IS NOT NULL)
                 GROUP BY 1, 2
            ),
            coupon_use AS (
                SELECT l.coupon_id, -SUM(l.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1)) AS discount
                  FROM sale_order_line l
                  JOIN sale_order o ON o.id = l.order_id
                 WHERE o.state = 'sale' AND o.company_id = %(company_id)s AND l.coupon_id IS NOT NULL
                   AND l.reward_id IS NOT NULL
                 GROUP BY l.coupon_id
            ),
            offers AS (
                SELECT t.id * 3 AS id, COALESCE(t.sent_datetime, t.create_date)::date AS date,
                       m.campaign_id, m.id AS mailing_id, m.crm_suite_segment AS segment, t.trace_type AS channel,
                       t.res_id AS partner_id, 's' || m.source_id AS offer_key, card.id AS coupon_id,
                       (t.trace_status IN ('process', 'pending', 'sent', 'open', 'reply', 'bounce'))::int AS sent,
                       (t.trace_status IN ('sent', 'open', 'reply'))::int AS delivered,
                       (t.trace_status IN ('open', 'reply'))::int AS opened,
                       (t.links_click_datetime IS NOT NULL)::int AS clicked
                  FROM mailing_trace t
                  JOIN mailing_mailing m ON m.id = t.mass_mailing_id
                  LEFT JOIN loyalty_card card ON card.crm_suite_mailing_id = m.id AND card.partner_id = t.res_id
                 WHERE t.model = 'res.partner'
                   AND (m.crm_suite_company_id = %(company_id)s OR m.crm_suite_company_id IS NULL)
                 UNION ALL
                SELECT w.id * 3 + 2, COALESCE(w.sent_datetime, w.create_date)::date, w.campaign_id, NULL, NULL,
                       'whatsapp', w.partner_id, 'c' || w.campaign_id, NULL, (w.state = 'sent')::int, 0, 0, 0
                  FROM crm_suite_whatsapp_message w
                 WHERE w.campaign_id IS NOT NULL AND w.company_id = %(company_id)s
                 UNION ALL
                -- A loyalty offer's coupon went out with its message; an offer's WhatsApp message counts its own.
                SELECT card.id * 3 + 1, card.create_date::date, card.crm_suite_campaign_id, NULL, NULL, 'coupon',
                       card.partner_id, 'c' || card.crm_suite_campaign_id, card.id,
                       (NOT EXISTS (SELECT 1 FROM crm_suite_whatsapp_message w
                                     WHERE w.partner_id = card.partner_id
                                       AND w.campaign_id = card.crm_suite_campaign_id
                                       AND w.create_date::date = card.create_date::date))::int,
                       0, 0, 0
                  FROM loyalty_card card
                 WHERE card.crm_suite_campaign_id IS NOT NULL AND card.crm_suite_mailing_id IS NULL
                   AND card.partner_id IS NOT NULL
                   AND (card.company_id = %(company_id)s OR card.company_id IS NULL)
            ),
            ranked AS (
                SELECT offers.*, p.commercial_partner_id,
                       ROW_NUMBER() OVER (PARTITION BY offers.offer_key, p.commercial_partner_id ORDER BY offers.id)
                           AS position
                  FROM offers
                  JOIN res_partner p ON p.id = offers.partner_id
            )
            SELECT r.id, r.date, %(company_id)s AS company_id, %(currency_id)s AS currency_id, r.campaign_id,
                   r.mailing_id, r.segment, r.channel, r.partner_id, r.coupon_id, r.sent, r.delivered, r.opened,
                   r.clicked, (r.coupon_id IS NOT NULL)::int AS coupons, (u.coupon_id IS NOT NULL)::int AS redeemed,
                   CASE WHEN r.position = 1 THEN COALESCE(o.orders, 0) ELSE 0 END AS orders,
                   CASE WHEN r.position = 1 THEN COALESCE(a.revenue, 0) ELSE 0 END AS revenue,
                   CASE WHEN r.position = 1 THEN COALESCE(a.margin, 0) ELSE 0 END AS margin,
                   COALESCE(u.discount, 0) AS discount_cost
              FROM ranked r
              LEFT JOIN attributed a ON a.offer_key = r.offer_key AND a.partner_id = r.commercial_partner_id
              LEFT JOIN orders o ON o.offer_key = r.offer_key AND o.partner_id = r.commercial_partner_id
              LEFT JOIN coupon_use u ON u.coupon_id = r.coupon_id
            """,
            documents=self.env["crm.suite.segmentation"]._purchases_query(company, today),
            document_table=SQL.identifier("sale_order" if source == "order" else "account_move"),
            company_id=company.id,
            currency_id=company.currency_id.id,
        )
