from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL


class CrmSuiteSegmentation(models.AbstractModel):
    """The one statement of the recompute: every customer's figures from their purchases, payments
    and service costs, ranked into ABC classes and RFM scores by window functions."""

    _inherit = "crm.suite.segmentation"

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
            histories AS (
                -- For the predictive models, over the whole history: x, t_x and T in days, counted in
                -- purchase days, and the repeat purchases' mean.
                SELECT partner_id, COUNT(*) - 1 AS repeat_purchases, MAX(day) - MIN(day) AS span,
                       %(today)s - MIN(day) AS age,
                       (SUM(revenue) - (ARRAY_AGG(revenue ORDER BY day))[1]) / NULLIF(COUNT(*) - 1, 0) AS repeat_value
                  FROM (%(purchase_days)s) purchase_days
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
                       rfm.recency, rfm.frequency, rfm.monetary,
                       h.repeat_purchases AS history_repeat_purchases, h.span AS history_span,
                       h.age AS history_age, h.repeat_value AS history_repeat_value
                  FROM partners p
                  LEFT JOIN customers c ON c.partner_id = p.partner_id
                  LEFT JOIN payments pay ON pay.partner_id = p.partner_id
                  LEFT JOIN categories cat ON cat.partner_id = p.partner_id
                  LEFT JOIN service_costs sc ON sc.partner_id = p.partner_id
                  LEFT JOIN abc ON abc.partner_id = p.partner_id
                  LEFT JOIN rfm ON rfm.partner_id = p.partner_id
                  LEFT JOIN histories h ON h.partner_id = p.partner_id
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
                   COALESCE(s.bought_before_period, FALSE) AS bought_before_period,
                   s.history_repeat_purchases, s.history_span, s.history_age, s.history_repeat_value
              FROM schedule s
            """,
            documents=self._purchases_query(company, today),
            purchase_days=self._purchase_days_query(SQL("SELECT * FROM documents")),
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
