from dateutil.relativedelta import relativedelta
from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_suite.batch import for_each_safely

# A yearly renewal or gift missed on its day (the server down, the cron failing) still goes out this many
# days after; never later, so that switching a benefit on does not pay out every past year at once.
ANNIVERSARY_CATCH_UP_DAYS = 7
NOTIFY_BATCH_SIZE = 200  # customers claimed at a time


class CrmSuiteLoyaltyEvaluation(models.AbstractModel):
    """What members get from the tiers decided, once each, claimed before it is sent: the downgrade
    warning before the grace ends, the free services renewed each year, and the retention, win-back
    and anniversary offers (``_send_once`` is the claim, the send and the release on failure)."""

    _inherit = "crm.suite.loyalty.evaluation"

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
            """%(grace_end)s - %(warning)s <= %(today)s
               AND (p.loyalty_tier_warned_date ->> %(key)s IS NULL
                    OR (p.loyalty_tier_warned_date ->> %(key)s)::date
                       < (p.loyalty_tier_below_since ->> %(key)s)::date)""",
            key=key,
            grace_end=company._crm_suite_tier_grace_end(SQL("(p.loyalty_tier_below_since ->> %s)::date", key)),
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
        once per episode or year, the program, the campaign its results count in, the email, and the
        salesperson's call."""
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
                "campaign": "crm_suite_loyalty.utm_campaign_retention_offers",
                "template": "crm_suite_loyalty.mail_template_retention_offer",
                "sms_template": "crm_suite_loyalty.sms_template_retention_offer",
                "call": self.env._("%s is at risk: call about the offer sent"),
            },
            "winback": {
                "enabled": company.crm_suite_winback_offers,
                "marker": "winback_offer_date",
                "due": once_per_episode("lapsed", "winback_offer_date"),
                "program": lambda partner: company.crm_suite_winback_program_id,
                "campaign": "crm_suite_loyalty.utm_campaign_winback_offers",
                "template": "crm_suite_loyalty.mail_template_winback_offer",
                "sms_template": "crm_suite_loyalty.sms_template_winback_offer",
                "call": self.env._("%s has lapsed: call about the win-back offer sent"),
            },
            "anniversary": {
                "enabled": company.crm_suite_anniversary_gifts,
                "marker": "anniversary_gift_date",
                "due": self._yearly_due(company, "first_purchase_date", "anniversary_gift_date"),
                "program": lambda partner: company.crm_suite_anniversary_program_id,
                "campaign": "crm_suite_loyalty.utm_campaign_anniversary_gifts",
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
        partner.retention_coupon_id = program._crm_suite_give_coupon(
            partner,
            valid_until=fields.Date.context_today(self) + relativedelta(days=company.crm_suite_retention_coupon_days),
            campaign=self.env.ref(offer["campaign"], raise_if_not_found=False),
        )
        # On the channel the customer agreed to hear offers on, else told by their salesperson.
        channel = partner._crm_suite_marketing_channel()
        caller = partner.user_id or company.crm_suite_greeting_user_id or self.env.user
        if channel == "email":
            partner.message_post_with_source(offer["template"], message_type="comment", subtype_xmlid="mail.mt_comment")
        elif channel == "sms":
            partner._message_sms_with_template(
                template_xmlid=offer["sms_template"], partner_ids=partner.ids, put_in_queue=True
            )
        elif channel == "whatsapp":
            # The SMS text, ready for WhatsApp: the salesperson's one click sends it.
            template = self.env.ref(offer["sms_template"])
            message = self.env["crm.suite.whatsapp.message"]._prepare(
                partner,
                template._render_field("body", partner.ids, compute_lang=True)[partner.id],
                record=partner.retention_coupon_id,
                campaign=self.env.ref(offer["campaign"], raise_if_not_found=False),
            )
            partner.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Send %s the offer on WhatsApp") % partner.name,
                note=message._activity_note(),
                user_id=caller.id,
            )
            return
        if offer["call"] or not channel:
            call = offer["call"] if channel else self.env._("%s agreed to no marketing message: tell them of the offer")
            partner.activity_schedule("mail.mail_activity_data_todo", summary=call % partner.name, user_id=caller.id)
