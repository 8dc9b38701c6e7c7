import logging

from dateutil.relativedelta import relativedelta
from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_suite.batch import for_each_safely

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
NOTIFY_BATCH_SIZE = 200
# A yearly renewal or gift missed on its day (the server down, the cron failing) still goes out this many
# days after; never later, so that switching a benefit on does not pay out every past year at once.
ANNIVERSARY_CATCH_UP_DAYS = 7


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
            self.env["crm.suite.segmentation"]._tune_transaction()
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
    def _claim(self, company, marker, condition, batch_size=NOTIFY_BATCH_SIZE):
        """Mark up to ``batch_size`` customers meeting ``condition`` (on ``p``) with today in ``marker``.

        The UPDATE is the claim: a second run at once skips rows already claimed. Returns the
        customers and, by id, the marker's value before the claim.
        """
        key = str(company.id)
        self.env["res.partner"].flush_model()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """
                        WITH claimed AS (SELECT p.id, p.%(marker)s ->> %(key)s AS previous FROM res_partner p
                                          WHERE p.active AND %(condition)s
                                          ORDER BY p.id LIMIT %(batch_size)s FOR UPDATE SKIP LOCKED)
                        UPDATE res_partner p
                           SET %(marker)s = COALESCE(p.%(marker)s, '{}'::jsonb)
                                            || jsonb_build_object(%(key)s, %(today)s)
                          FROM claimed
                         WHERE p.id = claimed.id
                     RETURNING p.id, claimed.previous
                        """,
                        marker=SQL.identifier(marker),
                        key=key,
                        today=fields.Date.context_today(self),
                        condition=condition,
                        batch_size=batch_size,
                    ),
                    log_exceptions=False,
                )
                previous = dict(self.env.cr.fetchall())
        except SerializationFailure:
            # Another run committed some of these customers since this transaction began: it
            # sends to them, and this run stops here.
            return self.env["res.partner"], {}
        self.env["res.partner"].invalidate_model([marker])
        return self.env["res.partner"].with_company(company).browse(sorted(previous)), previous

    @api.model
    def _send_once(self, company, marker, condition, send, what, on_batch_done=None):
        """``send`` to each customer due, once: claimed by ``marker``, which a failed sending gives back.

        A customer whose sending failed keeps the marker they had, so nothing says they got what
        they did not; the next run tries them again. This run takes each customer once, whether the
        marker makes them due again or not (an episode dated after today would).
        """
        seen_ids = []
        while True:
            partners, previous = self._claim(company, marker, SQL("%s AND p.id != ALL(%s::int[])", condition, seen_ids))
            if not partners:
                return
            seen_ids += partners.ids
            failed = for_each_safely(partners, send, what)
            if failed:
                self._release_claim(company, marker, {partner_id: previous[partner_id] for partner_id in failed.ids})
            if on_batch_done:
                on_batch_done(len(partners))

    @api.model
    def _release_claim(self, company, marker, previous):
        """Put back the marker values of a claim (``previous``: by customer id, None for none)."""
        key = str(company.id)
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET %(marker)s = CASE WHEN released.previous IS NULL THEN p.%(marker)s - %(key)s
                                         ELSE p.%(marker)s || jsonb_build_object(%(key)s, released.previous) END
                  FROM (SELECT unnest(%(ids)s::int[]) AS id, unnest(%(values)s::text[]) AS previous) released
                 WHERE p.id = released.id
                """,
                marker=SQL.identifier(marker),
                key=key,
                ids=list(previous),
                values=list(previous.values()),
            )
        )
        self.env["res.partner"].invalidate_model([marker])

    @api.model
    def _warn_of_downgrades(self, company, on_batch_done=None):
        """Members whose grace ends within the warning days hear once what keeps their tier."""
        key = str(company.id)
        template = self.env.ref("crm_suite_loyalty.mail_template_tier_downgrade_warning")
        due = SQL(
            """(p.loyalty_tier_below_since ->> %(key)s)::date + %(grace)s - %(warning)s <= %(today)s
               AND (p.loyalty_tier_warned_date ->> %(key)s IS NULL
                    OR (p.loyalty_tier_warned_date ->> %(key)s)::date
                       < (p.loyalty_tier_below_since ->> %(key)s)::date)""",
            key=key,
            grace=company.crm_suite_tier_grace_days,
            warning=company.crm_suite_tier_warning_days,
            today=fields.Date.context_today(self),
        )
        self._send_once(
            company,
            "loyalty_tier_warned_date",
            SQL("p.loyalty_tier_below_since ? %s AND %s", key, due),
            lambda partner: partner.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            ),
            "the downgrade warning",
            on_batch_done,
        )

    @api.model
    def _renew_free_services(self, company, on_batch_done=None):
        """Each anniversary of reaching the tier renews its free services, once a year."""
        due = SQL(
            "p.loyalty_tier_id ? %s AND %s",
            str(company.id),
            self._yearly_due(company, "loyalty_tier_since", "free_services_renewed_date"),
        )
        self._send_once(
            company,
            "free_services_renewed_date",
            due,
            lambda partner: partner.loyalty_tier_id._grant_free_services(partner),
            "the renewal of the free services",
            on_batch_done,
        )

    @api.model
    def _yearly_due(self, company, since, marker):
        """Customers (``p``) past an anniversary of the date in ``since`` that ``marker`` has not marked
        since it: on the day, or up to ANNIVERSARY_CATCH_UP_DAYS after. In common years, 29 February's
        anniversary comes on 1 March (a full year by PostgreSQL's age())."""
        key = str(company.id)
        today = fields.Date.context_today(self)
        return SQL(
            """age(%(today)s::timestamp, (p.%(since)s ->> %(key)s)::timestamp) >= interval '1 year'
               AND %(anniversary)s > %(today)s::date - %(catch_up)s
               AND COALESCE((p.%(marker)s ->> %(key)s)::date, (p.%(since)s ->> %(key)s)::date) < %(anniversary)s""",
            anniversary=SQL(
                "((p.%(since)s ->> %(key)s)::date"
                " + date_trunc('year', age(%(today)s::timestamp, (p.%(since)s ->> %(key)s)::timestamp)))::date",
                since=SQL.identifier(since),
                key=key,
                today=today,
            ),
            since=SQL.identifier(since),
            marker=SQL.identifier(marker),
            key=key,
            today=today,
            catch_up=ANNIVERSARY_CATCH_UP_DAYS,
        )

    @api.model
    def _offer_kinds(self, company):
        """What each kind of offer goes by: who is due (on ``p``), the marker that makes it
        once per episode or year, the program, the email, and the salesperson's call."""
        key = str(company.id)

        def once_per_episode(stage, marker):
            # An episode ends with a purchase: an offer older than the last purchase is spent.
            return SQL(
                """p.lifecycle_stage ->> %(key)s = %(stage)s
                   AND (p.%(marker)s ->> %(key)s IS NULL
                        OR (p.%(marker)s ->> %(key)s)::date < (p.last_purchase_date ->> %(key)s)::date)""",
                key=key,
                stage=stage,
                marker=SQL.identifier(marker),
            )

        return {
            "retention": {
                "enabled": company.crm_suite_retention_offers,
                "marker": "retention_offer_date",
                "due": once_per_episode("at_risk", "retention_offer_date"),
                "program": lambda partner: (
                    partner.loyalty_tier_id.retention_program_id or company.crm_suite_retention_program_id
                ),
                "template": "crm_suite_loyalty.mail_template_retention_offer",
                "sms_template": "crm_suite_loyalty.sms_template_retention_offer",
                "call": self.env._("%s is at risk: call about the offer sent"),
            },
            "winback": {
                "enabled": company.crm_suite_winback_offers,
                "marker": "winback_offer_date",
                "due": once_per_episode("lapsed", "winback_offer_date"),
                "program": lambda partner: company.crm_suite_winback_program_id,
                "template": "crm_suite_loyalty.mail_template_winback_offer",
                "sms_template": "crm_suite_loyalty.sms_template_winback_offer",
                "call": self.env._("%s has lapsed: call about the win-back offer sent"),
            },
            "anniversary": {
                "enabled": company.crm_suite_anniversary_gifts,
                "marker": "anniversary_gift_date",
                "due": self._yearly_due(company, "first_purchase_date", "anniversary_gift_date"),
                "program": lambda partner: company.crm_suite_anniversary_program_id,
                "template": "crm_suite_loyalty.mail_template_purchase_anniversary",
                "sms_template": "crm_suite_loyalty.sms_template_purchase_anniversary",
                "call": None,
            },
        }

    @api.model
    def _make_offers(self, company, kind, on_batch_done=None):
        """Offers of one kind to every customer due, a batch at a time, each in its own savepoint."""
        offer = self._offer_kinds(company)[kind]
        self._send_once(
            company,
            offer["marker"],
            offer["due"],
            lambda partner: self._make_offer(partner, offer),
            f"the {kind} offer",
            on_batch_done,
        )

    @api.model
    def _make_offer(self, partner, offer):
        company = self.env.company
        program = offer["program"](partner)
        if not program:
            return
        if not partner._crm_suite_coupon_within_limit(program):
            # Above the class's limit only a manager may give: the salesperson decides with them.
            partner.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Offer not sent: %(program)s is above the class's discount limit", program=program.name
                ),
                note=self.env._(
                    "%(program)s gives %(percent)s%% off, more than %(customer)s's class allows (%(limit)s%%)."
                    " A sales manager may give a coupon by hand.",
                    program=program.name,
                    percent=round(program._crm_suite_percent_off(), 2),
                    customer=partner.name,
                    limit=round(partner._crm_suite_discount_limit(), 2),
                ),
                user_id=(partner.user_id or company.crm_suite_greeting_user_id or self.env.user).id,
            )
            return
        partner.retention_coupon_id = (
            self.env["loyalty.generate.wizard"]
            .create(
                {
                    "program_id": program.id,
                    "mode": "selected",
                    "customer_ids": partner.ids,
                    "valid_until": fields.Date.context_today(self)
                    + relativedelta(days=company.crm_suite_retention_coupon_days),
                    "description": program.name,
                }
            )
            .generate_coupons()[:1]
        )
        # On the channel the customer agreed to hear offers on, else told by their salesperson.
        channel = partner._crm_suite_marketing_channel()
        if channel == "email":
            partner.message_post_with_source(offer["template"], message_type="comment", subtype_xmlid="mail.mt_comment")
        elif channel == "sms":
            partner._message_sms_with_template(
                template_xmlid=offer["sms_template"], partner_ids=partner.ids, put_in_queue=True
            )
        if offer["call"] or not channel:
            call = offer["call"] if channel else self.env._("%s agreed to no marketing message: tell them of the offer")
            partner.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=call % partner.name,
                user_id=(partner.user_id or company.crm_suite_greeting_user_id or self.env.user).id,
            )

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
            documents=self.env["crm.suite.segmentation"]._purchase_documents_query(company, today, partner_ids),
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
                            WHEN %(today)s - r.below_since >= %(grace_days)s THEN GREATEST(r.earned_level, r.level - 1)
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
            grace_days=company.crm_suite_tier_grace_days,
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
    def _update_query(self, company, moves=None):
        """The UPDATE writing the decided tiers; ``moves`` is the temporary table by default.

        The benchmark passes the decision query itself to time the bare SQL floor.
        """
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
        assignments = [segmentation._set_company_value(column, company, value) for column, value in values.items()]
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
              FROM %(moves)s m
             WHERE p.id = m.partner_id AND (%(changed)s)
            """,
            moves=moves or SQL("crm_suite_tier_moves"),
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
            assignment=self.env["crm.suite.segmentation"]._set_company_value(
                "specific_property_product_pricelist", company, SQL("new_tier.pricelist_id")
            ),
            key=key,
            company_id=company.id,
        )
