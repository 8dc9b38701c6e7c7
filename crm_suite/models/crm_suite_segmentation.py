import logging
from contextlib import contextmanager

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
# Written from the figures with the predictions (or the company's expected lifespan) and the
# manager's overrides.
DERIVED_COLUMNS = (
    "predicted_lifetime_value",
    "abc_class",
    "probability_alive",
    "expected_purchases",
    "expected_order_value",
)
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

    The stages, in the order the data flows, each in a file of its own:
    ``crm_suite_segmentation_purchases`` (purchase documents and lines),
    ``crm_suite_segmentation_costs`` (the cost of serving, per customer),
    ``crm_suite_segmentation_figures`` (the statement: figures, ABC, RFM, purchase histories),
    ``crm_suite_segmentation_prediction`` (the predictive models, fitted and scored),
    ``crm_suite_segmentation_write_back`` (onto res.partner, the class history) and
    ``crm_suite_segmentation_follow_up`` (repurchase reminders, days since contact);
    this file runs them per company, one run at a time. Other add-ons extend
    ``_service_cost_queries`` and ``_on_figures_recomputed``; ``_purchases_query``
    gives them the purchases the figures count.
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
        recomputed = self.env["res.company"]
        for company in companies:
            with self._exclusive(company.id) as acquired:
                if acquired:
                    self._recompute_company(company, batch_size, on_batch_done)
                    recomputed |= company
                else:
                    _logger.info("CRM Suite: %s is being recomputed by another run", company.name)
        with self._exclusive(0) as acquired:
            if acquired:
                self._refresh_days_since_last_contact()
        self.env["res.partner"].invalidate_model()
        companies.invalidate_recordset()
        if recomputed:
            # Once every company is done: what reads the figures must not start on a half-written one.
            self._on_figures_recomputed(recomputed)

    @api.model
    def _on_figures_recomputed(self, companies):
        """Hook for the add-ons that read the figures (lifecycle, classes, segments): the figures of
        ``companies`` have just been recomputed, all of them. They trigger their own work here rather
        than run at a later hour and hope this has finished."""

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
        self._tune_for_aggregation()
        cr.execute(SQL("DROP TABLE IF EXISTS crm_suite_figures"))
        cr.execute(SQL("CREATE TEMPORARY TABLE crm_suite_figures AS %s", self._figures_query(company, today)))
        cr.execute(SQL("CREATE INDEX ON crm_suite_figures (partner_id)"))
        self._predict_customer_value(company)
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
        cr.execute(SQL("DROP TABLE crm_suite_figures, crm_suite_predictions"))
        _logger.info("CRM Suite: figures of %s customers of %s recomputed", done, company.name)

    @api.model
    def _tune_for_aggregation(self):
        """Room for the aggregation's hashes and sorts in memory, and no JIT compile for a one-off plan.

        API for the add-ons that aggregate over every customer in one statement (the tiers do):
        call it first in the transaction; it holds until the transaction ends."""
        self.env.cr.execute(SQL("SET LOCAL work_mem = '256MB'"))
        self.env.cr.execute(SQL("SET LOCAL jit = off"))

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
