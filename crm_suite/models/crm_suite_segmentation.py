import logging
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models, sql_db
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# The customer figures this engine writes on res.partner, per company (company-dependent
# jsonb columns), each from the column of the same name in the figures table.
FIGURE_COLUMNS = (
    "first_purchase_date",
    "last_purchase_date",
    "purchase_count",
    "avg_purchase_interval",
    "next_purchase_date",
    "purchase_overdue_days",
    "lifecycle_stage",
    "period_revenue",
    "period_margin",
    "period_purchase_count",
    "average_order_value",
    "lifetime_value",
    "lifetime_margin",
    "purchases_per_year",
    "margin_rate",
    "avg_days_to_pay",
    "overdue_amount",
    "late_payment_count",
    "usual_payment_journal_id",
    "top_category_names",
    "abc_computed_class",
    "rfm_recency_score",
    "rfm_recency_band",
    "rfm_frequency_score",
    "rfm_monetary_score",
    "rfm_score",
    "rfm_segment",
    "cost_to_serve",
    "profit_after_service",
)
# Written from the figures with the company's expected lifespan and the manager's overrides.
DERIVED_COLUMNS = ("predicted_lifetime_value", "abc_class")
MAX_LIFESPAN_YEARS = 10.0
REMINDER_BATCH_SIZE = 500
ADVISORY_LOCK_KEY = 20261124  # with the company id: "this company's segments are being recomputed"


class CrmSuiteSegmentation(models.AbstractModel):
    """Customer figures, ABC classes, RFM segments and cost to serve, set-based.

    Per company: one SQL statement aggregates the invoice (or order) lines into a
    temporary figures table, with window functions ranking the customers for ABC
    and RFM; the figures then go onto res.partner with one UPDATE per batch of
    customers. The result depends only on the data, so a second run, or two at
    once, write the same values, and the class history takes one row per day.
    """

    _name = "crm.suite.segmentation"
    _description = "Customer Analytics and Segmentation"

    @api.model
    def _cron_recompute(self):
        self._recompute(on_batch_done=self.env["ir.cron"]._commit_progress)

    @api.model
    def _recompute(self, companies=None, batch_size=20000, on_batch_done=None):
        companies = (companies or self.env["res.company"].search([])).with_env(self.env)
        self.env.flush_all()
        for company in companies:
            with self._exclusive(company.id) as acquired:
                if acquired:
                    self._recompute_company(company, batch_size, on_batch_done)
                else:
                    _logger.info("CRM Suite: %s is being recomputed by another run", company.name)
        with self._exclusive(0) as acquired:
            if acquired:
                self._refresh_days_since_last_contact()
        self.env["res.partner"].invalidate_model()
        companies.invalidate_recordset()

    @contextmanager
    def _exclusive(self, company_id):
        """Whether this run may recompute the company: another run holding it computes the same.

        The lock is a transaction lock taken on a cursor of its own, held open while the run's
        batches commit: closing that cursor ends its transaction and releases the lock whatever
        happened to the run (a failed statement, a crash), so no pooled connection keeps it. That
        transaction reads committed data, so it holds no snapshot that would keep VACUUM from the
        rows the run rewrites.
        """
        with self.env.registry.cursor() as lock_cr:
            if isinstance(lock_cr, sql_db.Cursor):  # not a test's cursor, which shares the test's transaction
                lock_cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            lock_cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", ADVISORY_LOCK_KEY, company_id))
            yield lock_cr.fetchone()[0]

    @api.model
    def _recompute_company(self, company, batch_size, on_batch_done=None):
        cr = self.env.cr
        today = fields.Date.context_today(self)
        self._tune_transaction()
        cr.execute(SQL("DROP TABLE IF EXISTS crm_suite_figures"))
        cr.execute(SQL("CREATE TEMPORARY TABLE crm_suite_figures AS %s", self._figures_query(company, today)))
        cr.execute(SQL("CREATE INDEX ON crm_suite_figures (partner_id)"))
        retention, lifespan = self._retention(company)
        company.write(
            {
                "crm_suite_retention_rate": retention,
                "crm_suite_expected_lifespan": lifespan,
                "crm_suite_segmentation_date": fields.Datetime.now(),
            }
        )
        cr.execute(SQL("SELECT MIN(partner_id), MAX(partner_id) FROM crm_suite_figures"))
        low, high = cr.fetchone()
        done = 0
        while low is not None and low <= high:
            cr.execute(
                SQL(
                    "SELECT MAX(partner_id), COUNT(*) FROM"
                    " (SELECT partner_id FROM crm_suite_figures WHERE partner_id >= %s ORDER BY partner_id LIMIT %s) b",
                    low,
                    batch_size,
                )
            )
            batch_high, count = cr.fetchone()
            self._record_class_changes(company, today, low, batch_high)
            cr.execute(self._update_query(company, today, lifespan, low, batch_high))
            done += count
            if on_batch_done:
                on_batch_done(count)
            low = batch_high + 1
        self._forget_former_customers(company)
        self._remind_overdue_customers(company, REMINDER_BATCH_SIZE, on_batch_done)
        cr.execute(SQL("DROP TABLE crm_suite_figures"))
        _logger.info("CRM Suite: figures of %s customers of %s recomputed", done, company.name)

    # The aggregation

    @api.model
    def _tune_transaction(self):
        """Room for the aggregation's hashes and sorts in memory, and no JIT compile for a one-off plan."""
        self.env.cr.execute(SQL("SET LOCAL work_mem = '256MB'"))
        self.env.cr.execute(SQL("SET LOCAL jit = off"))

    @api.model
    def _figures_query(self, company, today):
        """One row per commercial partner with anything to show for the company."""
        period_start = today - relativedelta(months=company.crm_suite_segmentation_months)
        previous_start = period_start - relativedelta(months=company.crm_suite_segmentation_months)
        period_days = (today - period_start).days
        return SQL(
            """
            WITH documents AS (%(documents)s),
            customers AS (
                SELECT partner_id,
                       MIN(day) FILTER (WHERE is_purchase) AS first_day,
                       MAX(day) FILTER (WHERE is_purchase) AS last_day,
                       COUNT(*) FILTER (WHERE is_purchase) AS purchases,
                       SUM(revenue) AS lifetime_revenue,
                       SUM(margin) AS lifetime_margin,
                       COUNT(*) FILTER (WHERE is_purchase AND day >= %(period_start)s) AS period_purchases,
                       COALESCE(SUM(revenue) FILTER (WHERE day >= %(period_start)s), 0) AS period_revenue,
                       COALESCE(SUM(margin) FILTER (WHERE day >= %(period_start)s), 0) AS period_margin,
                       BOOL_OR(is_purchase AND day >= %(period_start)s) AS bought_in_period,
                       BOOL_OR(is_purchase AND day >= %(previous_start)s AND day < %(period_start)s)
                           AS bought_before_period
                  FROM documents
                 GROUP BY partner_id
            ),
            categories AS (
                SELECT partner_id, STRING_AGG(name, ', ' ORDER BY position) AS names
                  FROM (
                        SELECT l.partner_id, c.name,
                               ROW_NUMBER() OVER (PARTITION BY l.partner_id ORDER BY SUM(l.revenue) DESC, c.id)
                                   AS position
                          FROM (%(purchase_lines)s) l
                          JOIN product_category c ON c.id = l.categ_id
                         WHERE l.day >= %(period_start)s
                         GROUP BY l.partner_id, c.id, c.name
                       ) ranked
                 WHERE position <= 3
                 GROUP BY partner_id
            ),
            settlements AS (
                SELECT receivable.move_id, MAX(partial.max_date) AS paid_day,
                       MODE() WITHIN GROUP (ORDER BY payment.journal_id) AS journal_id
                  FROM account_move_line receivable
                  JOIN account_partial_reconcile partial ON partial.debit_move_id = receivable.id
                  JOIN account_move_line payment ON payment.id = partial.credit_move_id
                  JOIN account_journal journal ON journal.id = payment.journal_id AND journal.type IN ('bank', 'cash')
                 WHERE receivable.company_id = %(company_id)s AND receivable.display_type = 'payment_term'
                   AND receivable.date >= %(period_start)s
                 GROUP BY receivable.move_id
            ),
            payments AS (
                -- Paying habits over the period's invoices; the overdue amount over all of them.
                SELECT m.commercial_partner_id AS partner_id,
                       AVG(s.paid_day - m.invoice_date)
                           FILTER (WHERE m.payment_state IN ('paid', 'in_payment')) AS days_to_pay,
                       COALESCE(SUM(m.amount_residual_signed) FILTER (WHERE m.invoice_date_due < %(today)s), 0)
                           AS overdue,
                       COUNT(*) FILTER (
                           WHERE m.invoice_date >= %(period_start)s
                             AND ((m.payment_state IN ('paid', 'in_payment') AND s.paid_day > m.invoice_date_due)
                                  OR (m.payment_state IN ('not_paid', 'partial') AND m.invoice_date_due < %(today)s))
                       ) AS late,
                       MODE() WITHIN GROUP (ORDER BY s.journal_id) AS journal_id
                  FROM account_move m
                  LEFT JOIN settlements s ON s.move_id = m.id
                 WHERE m.company_id = %(company_id)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
                 GROUP BY m.commercial_partner_id
            ),
            service_costs AS (
                SELECT partner_id, SUM(cost) AS cost, SUM(in_margin) AS in_margin
                  FROM (%(service_costs)s) events
                 GROUP BY partner_id
            ),
            abc AS (
                -- What the customers ranked above hold (ties rank together): the customers
                -- bringing the first A percent of the total are A, the one crossing the line included.
                -- The running sum includes the ties, whose own sum comes off it.
                SELECT partner_id,
                       SUM(value) OVER (ORDER BY value DESC) - SUM(value) OVER (PARTITION BY value) AS value_above,
                       SUM(value) OVER () AS total_value
                  FROM (
                        SELECT partner_id,
                               CASE WHEN %(abc_basis)s = 'margin' THEN period_margin ELSE period_revenue END AS value
                          FROM customers
                       ) ranked
                 WHERE value > 0
            ),
            rfm AS (
                -- Quintile of each customer's position, worst first; equal customers share the
                -- position in the middle of their tie: 1 + 5 x (rank + tie - 2) / 2 / count.
                SELECT partner_id,
                       1 + 5 * (2 * RANK() OVER (ORDER BY last_day) + COUNT(*) OVER (PARTITION BY last_day) - 3)
                           / (2 * COUNT(*) OVER ()) AS recency,
                       1 + 5 * (2 * RANK() OVER (ORDER BY period_purchases)
                                + COUNT(*) OVER (PARTITION BY period_purchases) - 3)
                           / (2 * COUNT(*) OVER ()) AS frequency,
                       1 + 5 * (2 * RANK() OVER (ORDER BY period_revenue)
                                + COUNT(*) OVER (PARTITION BY period_revenue) - 3)
                           / (2 * COUNT(*) OVER ()) AS monetary
                  FROM customers
                 WHERE purchases > 0
            ),
            partners AS (
                SELECT partner_id FROM customers
                 UNION SELECT partner_id FROM payments
                 UNION SELECT partner_id FROM service_costs
            ),
            figures AS (
                SELECT p.partner_id, c.first_day, c.last_day, COALESCE(c.purchases, 0) AS purchases,
                       c.lifetime_revenue, c.lifetime_margin, c.period_revenue, c.period_margin,
                       c.period_purchases, c.bought_in_period, c.bought_before_period,
                       CASE WHEN c.purchases > 1
                            THEN (c.last_day - c.first_day)::numeric / (c.purchases - 1) END AS usual_interval,
                       pay.days_to_pay, pay.overdue, pay.late, pay.journal_id,
                       cat.names AS category_names, COALESCE(sc.cost, 0) AS cost,
                       COALESCE(sc.in_margin, 0) AS cost_in_margin,
                       CASE WHEN abc.value_above * 100 < %(a_percent)s * abc.total_value THEN 'A'
                            WHEN abc.value_above * 100 < %(b_percent)s * abc.total_value THEN 'B'
                            WHEN abc.partner_id IS NOT NULL THEN 'C' END AS abc_class,
                       rfm.recency, rfm.frequency, rfm.monetary
                  FROM partners p
                  LEFT JOIN customers c ON c.partner_id = p.partner_id
                  LEFT JOIN payments pay ON pay.partner_id = p.partner_id
                  LEFT JOIN categories cat ON cat.partner_id = p.partner_id
                  LEFT JOIN service_costs sc ON sc.partner_id = p.partner_id
                  LEFT JOIN abc ON abc.partner_id = p.partner_id
                  LEFT JOIN rfm ON rfm.partner_id = p.partner_id
            ),
            schedule AS (
                SELECT f.*,
                       f.last_day + ROUND(COALESCE(f.usual_interval, %(default_interval)s))::int AS next_day,
                       COALESCE(f.usual_interval, %(default_interval)s) AS rhythm
                  FROM figures f
            )
            SELECT s.partner_id,
                   s.first_day AS first_purchase_date,
                   s.last_day AS last_purchase_date,
                   s.purchases AS purchase_count,
                   ROUND(COALESCE(s.usual_interval, 0), 1) AS avg_purchase_interval,
                   s.next_day AS next_purchase_date,
                   GREATEST(%(today)s - s.next_day, 0) AS purchase_overdue_days,
                   CASE WHEN s.last_day IS NULL THEN 'prospect'
                        WHEN %(today)s - s.last_day > %(lapsed_factor)s * s.rhythm THEN 'lapsed'
                        WHEN %(today)s - s.last_day > %(at_risk_factor)s * s.rhythm THEN 'at_risk'
                        WHEN %(today)s - s.first_day <= %(new_days)s THEN 'new'
                        ELSE 'active' END AS lifecycle_stage,
                   COALESCE(s.period_revenue, 0) AS period_revenue,
                   COALESCE(s.period_margin, 0) AS period_margin,
                   COALESCE(s.period_purchases, 0) AS period_purchase_count,
                   ROUND(s.lifetime_revenue / NULLIF(s.purchases, 0), 2) AS average_order_value,
                   COALESCE(s.lifetime_revenue, 0) AS lifetime_value,
                   COALESCE(s.lifetime_margin, 0) AS lifetime_margin,
                   ROUND(COALESCE(s.period_purchases, 0) * 365.0 / %(period_days)s, 2) AS purchases_per_year,
                   ROUND(100 * s.lifetime_margin / NULLIF(s.lifetime_revenue, 0), 1) AS margin_rate,
                   ROUND(s.days_to_pay, 1) AS avg_days_to_pay,
                   COALESCE(s.overdue, 0) AS overdue_amount,
                   COALESCE(s.late, 0) AS late_payment_count,
                   s.journal_id AS usual_payment_journal_id,
                   s.category_names AS top_category_names,
                   s.abc_class AS abc_computed_class,
                   s.recency AS rfm_recency_score,
                   s.recency::text AS rfm_recency_band,
                   s.frequency AS rfm_frequency_score,
                   s.monetary AS rfm_monetary_score,
                   s.recency::text || s.frequency::text || s.monetary::text AS rfm_score,
                   (SELECT segment.id
                      FROM crm_suite_rfm_segment segment
                     WHERE segment.active
                       AND s.recency BETWEEN segment.recency_min AND segment.recency_max
                       AND (s.frequency + s.monetary) / 2
                           BETWEEN segment.frequency_monetary_min AND segment.frequency_monetary_max
                     ORDER BY segment.sequence, segment.id
                     LIMIT 1) AS rfm_segment,
                   s.cost AS cost_to_serve,
                   -- What the margin already lost (refunds, coupons) comes off once.
                   COALESCE(s.period_margin, 0) - s.cost + s.cost_in_margin AS profit_after_service,
                   COALESCE(s.bought_in_period, FALSE) AS bought_in_period,
                   COALESCE(s.bought_before_period, FALSE) AS bought_before_period
              FROM schedule s
            """,
            documents=self._purchase_documents_query(company, today),
            purchase_lines=self._purchase_lines_query(company, today),
            service_costs=SQL(" UNION ALL ").join(self._service_cost_queries(company, period_start, today)),
            company_id=company.id,
            today=today,
            period_start=period_start,
            previous_start=previous_start,
            period_days=period_days,
            abc_basis=company.crm_suite_abc_basis,
            a_percent=company.crm_suite_abc_a_percent,
            b_percent=company.crm_suite_abc_b_percent,
            default_interval=company.crm_suite_default_purchase_interval,
            new_days=company.crm_suite_new_customer_days,
            at_risk_factor=company.crm_suite_at_risk_factor,
            lapsed_factor=company.crm_suite_lapsed_factor,
        )

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
    def _purchase_documents_query(self, company, today, partner_ids=None):
        """Sold documents in company currency: partner, document, day, purchase or refund, revenue, margin.

        The lines are summed per document before the document is joined: a million lines
        meet the documents table as a few hundred thousand sums. The cost is the product's
        cost times the quantity. ``partner_ids`` (commercial partners) limits the lines
        summed, through indexed columns, for a check on a few customers.
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

    @api.model
    def _service_cost_queries(self, company, period_start, today):
        """Queries of (partner_id, cost, in_margin): each service event over the period at its unit
        cost, and what resolving complaints cost; ``in_margin`` is the part of the cost that already
        lowered the margin (a refund's credit note), which the profit after service counts once.

        Modules adding events (job cards, complaints) extend the list.
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
        if company.crm_suite_cost_delivery and "stock.picking" in self.env:
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
                        in_period=in_period,
                    ),
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

    @api.model
    def _retention(self, company):
        """Share of last period's customers who bought again in this one, and the lifespan it implies."""
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) FILTER (WHERE bought_before_period),"
                " COUNT(*) FILTER (WHERE bought_before_period AND bought_in_period) FROM crm_suite_figures"
            )
        )
        before, kept = self.env.cr.fetchone()
        if not before:
            return 0.0, 1.0
        retention = kept / before
        lifespan = MAX_LIFESPAN_YEARS if retention >= 1 else min(MAX_LIFESPAN_YEARS, 1 / (1 - retention))
        return round(100 * retention, 1), round(lifespan, 2)

    # Writing back

    @api.model
    def _class_sql(self, company, today):
        """The class a customer holds: a running manual override, else the computed class."""
        key = str(company.id)
        return SQL(
            """CASE WHEN p.abc_override_class ->> %(key)s IS NOT NULL
                         AND COALESCE((p.abc_override_until ->> %(key)s)::date, %(today)s) >= %(today)s
                    THEN p.abc_override_class ->> %(key)s
                    ELSE f.abc_computed_class END""",
            key=key,
            today=today,
        )

    @api.model
    def _record_class_changes(self, company, today, low, high):
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_suite_abc_history
                       (partner_id, company_id, date, from_class, to_class,
                        user_id, create_uid, create_date, write_uid, write_date)
                SELECT f.partner_id, %(company_id)s, %(today)s, p.abc_class ->> %(key)s, %(new_class)s,
                       %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM crm_suite_figures f
                  JOIN res_partner p ON p.id = f.partner_id
                 WHERE f.partner_id BETWEEN %(low)s AND %(high)s
                   AND (p.abc_class ->> %(key)s) IS DISTINCT FROM %(new_class)s
                ON CONFLICT (partner_id, company_id, date) DO NOTHING
                """,
                company_id=company.id,
                key=str(company.id),
                today=today,
                new_class=self._class_sql(company, today),
                uid=self.env.uid,
                low=low,
                high=high,
            )
        )

    @api.model
    def _update_query(self, company, today, lifespan, low=None, high=None, figures=None):
        """The UPDATE writing the figures of customers ``low`` to ``high`` (all by default).

        ``figures`` is the table of figures, the temporary one by default; the benchmark
        passes the aggregation itself to time the bare SQL floor.
        """
        key = str(company.id)
        values = [(column, SQL.identifier("f", column)) for column in FIGURE_COLUMNS]
        values.append(
            (
                "predicted_lifetime_value",
                SQL(
                    "ROUND(f.average_order_value * f.purchases_per_year * %s::numeric"
                    " * GREATEST(f.margin_rate, 0) / 100, 2)",
                    lifespan,
                ),
            )
        )
        values.append(("abc_class", self._class_sql(company, today)))
        assignments = [self._set_company_value(column, company, value) for column, value in values]
        # Rows whose figures did not change are left alone: res.partner carries many
        # indexes, and most customers' figures hold from one night to the next. One digest
        # of the new values is compared, not thirty jsonb columns read and compared.
        fingerprint = SQL("md5(ROW(%s)::text)", SQL(", ").join(value for _column, value in values))
        assignments.append(
            SQL(
                "figures_fingerprint = COALESCE(p.figures_fingerprint, '{}'::jsonb) || jsonb_build_object(%s, %s)",
                key,
                fingerprint,
            )
        )
        changes = [
            SQL("(p.figures_fingerprint ->> %s) IS DISTINCT FROM %s", key, fingerprint),
            SQL("(f.purchase_count > 0 AND p.customer_status <> 'existing')"),
            SQL("p.customer_since_date > f.first_purchase_date"),
            SQL("(p.customer_since_date IS NULL AND f.first_purchase_date IS NOT NULL)"),
        ]
        return SQL(
            """
            UPDATE res_partner p
               SET %(assignments)s,
                   customer_status = CASE WHEN f.purchase_count > 0 THEN 'existing' ELSE p.customer_status END,
                   customer_since_date = LEAST(p.customer_since_date, f.first_purchase_date)
              FROM %(figures)s f
             WHERE p.id = f.partner_id %(in_batch)s
               AND (%(changed)s)
            """,
            assignments=SQL(", ").join(assignments),
            figures=figures or SQL("crm_suite_figures"),
            in_batch=SQL("AND f.partner_id BETWEEN %s AND %s", low, high) if low is not None else SQL(),
            changed=SQL(" OR ").join(changes),
        )

    @api.model
    def _set_company_value(self, column, company, value):
        """``column = ...`` setting the company's value of a company-dependent column of ``p``.

        No value is no key, never a JSON null: Odoo reads a missing key as the field's default.
        """
        return SQL(
            "%(column)s = (COALESCE(p.%(column)s, '{}'::jsonb) - %(key)s)"
            " || jsonb_strip_nulls(jsonb_build_object(%(key)s, %(value)s))",
            column=SQL.identifier(column),
            key=str(company.id),
            value=value,
        )

    @api.model
    def _forget_former_customers(self, company):
        """Customers left with nothing in the company (cancelled invoices) lose its figures."""
        key = str(company.id)
        columns = (*FIGURE_COLUMNS, *DERIVED_COLUMNS, "figures_fingerprint")
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET %(removals)s
                 WHERE p.purchase_count ? %(key)s
                   AND NOT EXISTS (SELECT 1 FROM crm_suite_figures f WHERE f.partner_id = p.id)
                """,
                removals=SQL(", ").join(
                    SQL("%(column)s = p.%(column)s - %(key)s", column=SQL.identifier(column), key=key)
                    for column in columns
                ),
                key=key,
            )
        )

    @api.model
    def _remind_overdue_customers(self, company, batch_size, on_batch_done=None):
        """One to-do for the salesperson per overdue period; each claim commits with its to-dos.

        Lapsed customers get none: winning them back is a campaign, not a reminder, and
        their to-dos would bury the salesperson's live ones.
        """
        key = str(company.id)
        fallback_user = company.crm_suite_greeting_user_id or self.env.ref("base.user_admin")
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        # No "assigned to you" mail for each of them: the salesperson sees them in their activities.
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET repurchase_reminder_date = COALESCE(p.repurchase_reminder_date, '{}'::jsonb)
                                                      || jsonb_build_object(%(key)s, f.next_purchase_date)
                      FROM crm_suite_figures f
                     WHERE p.id = f.partner_id
                       AND f.partner_id IN (
                            SELECT due.partner_id
                              FROM crm_suite_figures due
                              JOIN res_partner customer ON customer.id = due.partner_id
                             WHERE customer.active AND due.purchase_count > 0
                               AND due.purchase_overdue_days >= GREATEST(%(days)s, 1)
                               AND due.lifecycle_stage != 'lapsed'
                               AND (customer.repurchase_reminder_date ->> %(key)s)
                                   IS DISTINCT FROM due.next_purchase_date::text
                             ORDER BY due.partner_id
                             LIMIT %(batch_size)s)
                       AND (p.repurchase_reminder_date ->> %(key)s) IS DISTINCT FROM f.next_purchase_date::text
                 RETURNING p.id
                    """,
                    key=key,
                    days=company.crm_suite_repurchase_reminder_days,
                    batch_size=batch_size,
                )
            )
            partner_ids = [row[0] for row in self.env.cr.fetchall()]
            if not partner_ids:
                return
            self.env["res.partner"].invalidate_model(["repurchase_reminder_date"])
            partners = self.env["res.partner"].with_company(company).browse(partner_ids)
            Activity.create(
                [
                    {
                        "res_model_id": partner_model,
                        "res_id": partner.id,
                        "activity_type_id": todo_type.id,
                        "user_id": (partner.user_id or fallback_user).id,
                        "date_deadline": fields.Date.context_today(self),
                        "summary": self.env._(
                            "%(name)s is due to buy again (expected on %(day)s)",
                            name=partner.name,
                            day=partner.next_purchase_date,
                        ),
                    }
                    for partner in partners
                ]
            )
            if on_batch_done:
                on_batch_done(len(partner_ids))

    @api.model
    def _refresh_days_since_last_contact(self):
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET days_since_last_contact = %s - last_contact_datetime::date"
                " WHERE last_contact_datetime IS NOT NULL",
                fields.Date.context_today(self),
            )
        )
