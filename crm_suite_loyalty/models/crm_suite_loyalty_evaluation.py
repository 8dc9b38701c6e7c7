import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# The tier state this engine writes on res.partner, per company, from the moves table.
TIER_COLUMNS = (
    "loyalty_tier_id",
    "loyalty_tier_since",
    "loyalty_tier_below_since",
    "loyalty_period_amount",
    "loyalty_period_purchases",
    "next_tier_id",
    "next_tier_amount_missing",
    "next_tier_purchases_missing",
)
# The manager's tier, written by hand and cleared here once it has ended.
OVERRIDE_COLUMNS = ("loyalty_tier_override_id", "loyalty_tier_override_reason", "loyalty_tier_override_until")
ADVISORY_LOCK_KEY = 20261127  # with the company id: "this company's tiers are being evaluated"


class CrmSuiteLoyaltyEvaluation(models.AbstractModel):
    """Tier evaluation, set-based: one statement decides every member's tier.

    Per company: the spend and purchases of the analytics period come from the same
    purchase documents as crm_suite's figures (its source setting, credit notes netted);
    one statement with the tier ladder decides each customer's tier into a temporary
    table; one UPDATE writes the changes and one INSERT their history. Emails,
    pricelists and coupons then follow from the history rows still to notify.
    """

    _name = "crm.suite.loyalty.evaluation"
    _description = "Loyalty Tier Evaluation"

    @api.model
    def _cron_evaluate(self):
        commit = self.env["ir.cron"]._commit_progress
        for company in self.env["res.company"].search([]):
            self.with_company(company)._evaluate(company)
            commit()
        self.env["crm.suite.loyalty.tier.history"]._notify_pending(on_batch_done=commit)
        for company in self.env["res.company"].search([]):
            evaluation = self.with_company(company)
            evaluation._warn_of_downgrades(company, on_batch_done=commit)
            evaluation._renew_free_services(company, on_batch_done=commit)
            for kind, offer in evaluation._offer_kinds(company).items():
                if offer["enabled"]:
                    evaluation._make_offers(company, kind, on_batch_done=commit)
        self.env["loyalty.card"]._warn_of_expiring_points(on_batch_done=commit)

    @api.model
    def _evaluate(self, company, partner_ids=None):
        """Decide and write the tiers of the company's customers (only ``partner_ids`` if given).

        Returns the history rows of the tier changes made.
        """
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", ADVISORY_LOCK_KEY, company.id))
        if not cr.fetchone()[0]:
            # Another run is deciding the tiers; waiting for it could deadlock on the partners
            # both write, and what it cannot see yet the next night's run decides.
            _logger.info("CRM Suite: tiers of %s are being evaluated by another run", company.name)
            return self.env["crm.suite.loyalty.tier.history"]
        today = fields.Date.context_today(self)
        if partner_ids is None:
            # Only the whole company's run needs the room; an invoice's buyers do not.
            self.env["crm.suite.segmentation"]._tune_for_aggregation()
        cr.execute(SQL("DROP TABLE IF EXISTS crm_suite_tier_moves"))
        cr.execute(
            SQL(
                "CREATE TEMPORARY TABLE crm_suite_tier_moves AS %s",
                self._moves_query(company, today, partner_ids),
            )
        )
        cr.execute(self._history_query(company, today))
        history_ids = [row[0] for row in cr.fetchall()]
        cr.execute(self._update_query(company))
        cr.execute(self._pricelist_query(company))
        cr.execute(SQL("DROP TABLE crm_suite_tier_moves"))
        self.env["res.partner"].invalidate_model(
            [
                *TIER_COLUMNS,
                *OVERRIDE_COLUMNS,
                "specific_property_product_pricelist",
                "property_product_pricelist",
                "loyalty_tier_history_ids",
            ]
        )
        return self.env["crm.suite.loyalty.tier.history"].browse(history_ids)

    @api.model
    def _spend_query(self, company, today, partner_ids=None):
        """(partner_id, amount, purchases) over the analytics period, from crm_suite's purchase documents."""
        period_start = today - relativedelta(months=company.crm_suite_segmentation_months)
        only = SQL("AND partner_id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL()
        return SQL(
            """
            SELECT partner_id, SUM(revenue) AS amount, COUNT(*) FILTER (WHERE is_purchase) AS purchases
              FROM (%(documents)s) documents
             WHERE day >= %(period_start)s %(only)s
             GROUP BY partner_id
            """,
            documents=self.env["crm.suite.segmentation"]._purchases_query(company, today, partner_ids),
            period_start=period_start,
            only=only,
        )

    @api.model
    def _moves_query(self, company, today, partner_ids=None):
        """One row per customer to decide: the tier held, the tier now due, and the progress to the next."""
        key = str(company.id)
        only = SQL("AND p.id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL()

        def reaches(customer, amount_column, purchases_column):
            """Whether ``customer``'s spend and purchases reach the thresholds of tier ``t``."""
            return SQL(
                """(CASE WHEN t.qualification = 'both'
                         THEN %(customer)s.amount >= t.%(amount)s AND %(customer)s.purchases >= t.%(purchases)s
                         ELSE (t.%(amount)s > 0 AND %(customer)s.amount >= t.%(amount)s)
                           OR (t.%(purchases)s > 0 AND %(customer)s.purchases >= t.%(purchases)s) END)""",
                customer=SQL.identifier(customer),
                amount=SQL.identifier(amount_column),
                purchases=SQL.identifier(purchases_column),
            )

        return SQL(
            """
            WITH ladder AS (
                SELECT id, ROW_NUMBER() OVER (ORDER BY sequence, id) AS level, qualification,
                       min_amount, min_purchases, maintain_amount, maintain_purchases
                  FROM crm_suite_loyalty_tier
                 WHERE company_id = %(company_id)s AND active
            ),
            spend AS (%(spend)s),
            holders AS (
                SELECT p.id AS partner_id,
                       (p.loyalty_tier_id ->> %(key)s)::int AS tier_id,
                       (p.loyalty_tier_below_since ->> %(key)s)::date AS below_since,
                       (p.loyalty_tier_override_id ->> %(key)s)::int AS override_id,
                       (p.loyalty_tier_override_until ->> %(key)s)::date AS override_until,
                       p.loyalty_tier_override_reason ->> %(key)s AS override_reason
                  FROM res_partner p
                 WHERE (p.loyalty_tier_id ? %(key)s OR p.loyalty_tier_override_id ? %(key)s) %(only)s
            ),
            standing AS (
                SELECT COALESCE(s.partner_id, h.partner_id) AS partner_id,
                       COALESCE(s.amount, 0) AS amount, COALESCE(s.purchases, 0) AS purchases,
                       h.tier_id, COALESCE(held.level, 0) AS level, h.below_since,
                       CASE WHEN h.override_id IS NOT NULL AND COALESCE(h.override_until, %(today)s) >= %(today)s
                            THEN overridden.level END AS override_level,
                       h.override_id IS NOT NULL AND h.override_until < %(today)s AS override_ended,
                       h.override_reason
                  FROM spend s
                  FULL JOIN holders h ON h.partner_id = s.partner_id
                  LEFT JOIN ladder held ON held.id = h.tier_id
                  LEFT JOIN ladder overridden ON overridden.id = h.override_id
            ),
            reached AS (
                SELECT s.*,
                       COALESCE((SELECT MAX(t.level) FROM ladder t WHERE %(reaches)s), 0) AS earned_level,
                       COALESCE((SELECT %(keeps)s FROM ladder t WHERE t.level = s.level), FALSE) AS kept
                  FROM standing s
            ),
            decided AS (
                SELECT r.*,
                       CASE WHEN r.override_level IS NOT NULL THEN r.override_level
                            WHEN r.override_ended OR r.earned_level >= r.level THEN r.earned_level
                            WHEN r.kept THEN r.level
                            WHEN %(today)s >= %(grace_end)s THEN GREATEST(r.earned_level, r.level - 1)
                            ELSE r.level END AS new_level
                  FROM reached r
            )
            SELECT d.partner_id, d.amount, d.purchases, d.tier_id AS old_tier_id, new_tier.id AS new_tier_id,
                   CASE WHEN d.override_level IS NOT NULL THEN 'manual'
                        WHEN d.override_ended THEN 'override_ended'
                        WHEN d.new_level > d.level THEN 'upgrade'
                        ELSE 'downgrade' END AS reason,
                   d.override_ended,
                   CASE WHEN d.override_level IS NOT NULL THEN d.override_reason END AS note,
                   -- The grace period runs while the member is below what keeps the tier held now.
                   CASE WHEN d.override_level IS NOT NULL OR new_tier.id IS NULL THEN NULL
                        WHEN (SELECT %(new_tier_kept)s FROM ladder t WHERE t.id = new_tier.id) THEN NULL
                        WHEN d.new_level = d.level AND d.below_since IS NOT NULL THEN d.below_since
                        ELSE %(today)s END AS below_since,
                   next_tier.id AS next_tier_id,
                   GREATEST(next_tier.min_amount - d.amount, 0) AS amount_missing,
                   GREATEST(next_tier.min_purchases - d.purchases, 0) AS purchases_missing
              FROM decided d
              LEFT JOIN ladder new_tier ON new_tier.level = d.new_level
              LEFT JOIN ladder next_tier ON next_tier.level = d.new_level + 1
            """,
            company_id=company.id,
            key=key,
            only=only,
            today=today,
            spend=self._spend_query(company, today, partner_ids),
            reaches=reaches("s", "min_amount", "min_purchases"),
            keeps=reaches("s", "maintain_amount", "maintain_purchases"),
            new_tier_kept=reaches("d", "maintain_amount", "maintain_purchases"),
            grace_end=company._crm_suite_tier_grace_end(SQL("r.below_since")),
        )

    @api.model
    def _history_query(self, company, today):
        return SQL(
            """
            INSERT INTO crm_suite_loyalty_tier_history
                   (partner_id, company_id, date, from_tier_id, to_tier_id, reason, note, notify_state,
                    create_uid, create_date, write_uid, write_date)
            SELECT m.partner_id, %(company_id)s, %(today)s, m.old_tier_id, m.new_tier_id, m.reason, m.note, 'pending',
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM crm_suite_tier_moves m
             WHERE m.old_tier_id IS DISTINCT FROM m.new_tier_id
         RETURNING id
            """,
            company_id=company.id,
            today=today,
            uid=self.env.uid,
        )

    @api.model
    def _update_query(self, company):
        """The UPDATE writing the tiers decided in the temporary ``crm_suite_tier_moves``."""
        key = str(company.id)
        values = {
            "loyalty_tier_id": SQL("m.new_tier_id"),
            "loyalty_tier_since": SQL(
                "CASE WHEN m.old_tier_id IS DISTINCT FROM m.new_tier_id THEN %s::date"
                " ELSE (p.loyalty_tier_since ->> %s)::date END",
                fields.Date.context_today(self),
                key,
            ),
            "loyalty_tier_below_since": SQL("m.below_since"),
            "loyalty_period_amount": SQL("m.amount"),
            "loyalty_period_purchases": SQL("m.purchases"),
            "next_tier_id": SQL("m.next_tier_id"),
            "next_tier_amount_missing": SQL("m.amount_missing"),
            "next_tier_purchases_missing": SQL("m.purchases_missing"),
        }
        segmentation = self.env["crm.suite.segmentation"]
        assignments = [
            segmentation._company_value_assignment(column, company, value) for column, value in values.items()
        ]
        # An ended override goes; a running one stays until its end date.
        assignments.extend(
            SQL(
                "%(column)s = CASE WHEN m.override_ended THEN p.%(column)s - %(key)s ELSE p.%(column)s END",
                column=SQL.identifier(column),
                key=key,
            )
            for column in OVERRIDE_COLUMNS
        )
        changes = [
            SQL("(p.%s -> %s) IS DISTINCT FROM to_jsonb(%s)", SQL.identifier(column), key, value)
            for column, value in values.items()
        ]
        changes.append(SQL("m.override_ended"))
        return SQL(
            """
            UPDATE res_partner p SET %(assignments)s
              FROM crm_suite_tier_moves m
             WHERE p.id = m.partner_id AND (%(changed)s)
            """,
            assignments=SQL(", ").join(assignments),
            changed=SQL(" OR ").join(changes),
        )

    @api.model
    def _pricelist_query(self, company):
        """Members moving tier get the new tier's pricelist, unless they have a pricelist of their own.

        Their contact persons too, as Odoo syncs a pricelist down to them.
        """
        key = str(company.id)
        return SQL(
            """
            UPDATE res_partner p
               SET %(assignment)s
              FROM crm_suite_tier_moves m
              LEFT JOIN crm_suite_loyalty_tier new_tier ON new_tier.id = m.new_tier_id
             WHERE p.commercial_partner_id = m.partner_id AND m.old_tier_id IS DISTINCT FROM m.new_tier_id
               AND (p.specific_property_product_pricelist ->> %(key)s IS NULL
                    OR (p.specific_property_product_pricelist ->> %(key)s)::int IN (
                        SELECT pricelist_id FROM crm_suite_loyalty_tier
                         WHERE company_id = %(company_id)s AND pricelist_id IS NOT NULL))
            """,
            assignment=self.env["crm.suite.segmentation"]._company_value_assignment(
                "specific_property_product_pricelist", company, SQL("new_tier.pricelist_id")
            ),
            key=key,
            company_id=company.id,
        )
