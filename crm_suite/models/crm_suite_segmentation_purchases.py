from odoo import api, models
from odoo.tools import SQL


class CrmSuiteSegmentation(models.AbstractModel):
    """What the figures are made of: the purchase documents (posted invoices net of credit notes, or
    confirmed orders, by the company's setting), their lines and the products' costs."""

    _inherit = "crm.suite.segmentation"

    @api.model
    def _products_query(self, company):
        """Each product's category and cost in the company (Odoo's standard price)."""
        # A subquery, not a CTE: a CTE scan would keep the line scans from running in parallel.
        return SQL(
            """
            (SELECT product.id, template.categ_id, COALESCE((product.standard_price ->> %s)::numeric, 0) AS cost
               FROM product_product product
               JOIN product_template template ON template.id = product.product_tmpl_id)
            """,
            str(company.id),
        )

    @api.model
    def _purchases_query(self, company, today, partner_ids=None):
        """Sold documents in company currency: partner, document, day, purchase or refund, revenue, margin.

        The lines are summed per document before the document is joined: a million lines
        meet the documents table as a few hundred thousand sums. The cost is the product's
        cost times the quantity. ``partner_ids`` (commercial partners) limits the lines
        summed, through indexed columns, for a check on a few customers.

        API for the add-ons that count what customers bought as the figures do (the tiers'
        spend): columns partner_id, document_id, day, is_purchase, revenue, margin.
        """
        if company.crm_suite_analytics_source == "order":
            only = (
                SQL(
                    "AND l.order_partner_id IN (SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%s))",
                    list(partner_ids),
                )
                if partner_ids is not None
                else SQL()
            )
            return SQL(
                """
                SELECT o.partner_id, o.id AS document_id, o.date_order::date AS day, TRUE AS is_purchase,
                       sums.subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1) AS revenue,
                       sums.subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1) - sums.cost AS margin
                  FROM (
                        SELECT l.order_id, SUM(l.price_subtotal) AS subtotal,
                               SUM(l.product_uom_qty * COALESCE(product.cost, 0)) AS cost
                          FROM sale_order_line l
                          LEFT JOIN %(products)s product ON product.id = l.product_id
                         WHERE l.company_id = %(company_id)s AND l.state = 'sale' AND l.display_type IS NULL
                               %(only)s
                         GROUP BY l.order_id
                       ) sums
                  JOIN (SELECT o.id, o.date_order, o.currency_rate, buyer.commercial_partner_id AS partner_id
                          FROM sale_order o JOIN res_partner buyer ON buyer.id = o.partner_id) o
                    ON o.id = sums.order_id
                 WHERE o.date_order::date <= %(today)s
                """,
                products=self._products_query(company),
                company_id=company.id,
                today=today,
                only=only,
            )
        # Odoo gives invoice lines the commercial partner of their invoice.
        only = SQL("AND l.partner_id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL()
        return SQL(
            """
            SELECT m.commercial_partner_id AS partner_id, m.id AS document_id, m.invoice_date AS day,
                   m.move_type = 'out_invoice' AS is_purchase,
                   sums.revenue,
                   sums.revenue - CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * sums.cost AS margin
              FROM (
                    SELECT l.move_id, -SUM(l.balance) AS revenue, SUM(l.quantity * COALESCE(product.cost, 0)) AS cost
                      FROM account_move_line l
                      LEFT JOIN %(products)s product ON product.id = l.product_id
                     WHERE l.company_id = %(company_id)s AND l.parent_state = 'posted' AND l.display_type = 'product'
                           %(only)s
                     GROUP BY l.move_id
                   ) sums
              JOIN account_move m ON m.id = sums.move_id
             WHERE m.move_type IN ('out_invoice', 'out_refund') AND m.invoice_date <= %(today)s
            """,
            products=self._products_query(company),
            company_id=company.id,
            today=today,
            only=only,
        )

    @api.model
    def _purchase_days_query(self, documents):
        """The predictive models' purchases: per customer, each day whose ``documents`` (rows of
        ``_purchases_query``) net to more than zero, with that day's revenue. Several invoices on
        a day are one purchase, and a day refunded in full is none."""
        return SQL(
            """
            SELECT partner_id, day, SUM(revenue) AS revenue
              FROM (%s) documents
             GROUP BY partner_id, day
            HAVING SUM(revenue) > 0
            """,
            documents,
        )

    @api.model
    def _purchase_lines_query(self, company, today):
        """Sold lines in company currency: partner, day, revenue and product category."""
        if company.crm_suite_analytics_source == "order":
            return SQL(
                """
                SELECT buyer.commercial_partner_id AS partner_id, o.date_order::date AS day,
                       l.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1) AS revenue,
                       product.categ_id
                  FROM sale_order_line l
                  JOIN sale_order o ON o.id = l.order_id
                  JOIN res_partner buyer ON buyer.id = o.partner_id
                  LEFT JOIN %(products)s product ON product.id = l.product_id
                 WHERE o.company_id = %(company_id)s AND o.state = 'sale' AND l.display_type IS NULL
                   AND o.date_order::date <= %(today)s
                """,
                products=self._products_query(company),
                company_id=company.id,
                today=today,
            )
        return SQL(
            """
            SELECT m.commercial_partner_id AS partner_id, m.invoice_date AS day, -l.balance AS revenue,
                   product.categ_id
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              LEFT JOIN %(products)s product ON product.id = l.product_id
             WHERE l.company_id = %(company_id)s AND l.parent_state = 'posted' AND l.display_type = 'product'
               AND m.move_type IN ('out_invoice', 'out_refund') AND m.invoice_date <= %(today)s
            """,
            products=self._products_query(company),
            company_id=company.id,
            today=today,
        )
