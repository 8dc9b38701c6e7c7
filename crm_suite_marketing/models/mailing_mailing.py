from contextvars import ContextVar

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

REPEAT_UNITS = [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")]
# Who a mailing with coupons reaches, and on what terms: a sales manager's to decide.
COUPON_TERMS = {
    "crm_suite_coupon_program_id",
    "crm_suite_coupon_days",
    "crm_suite_consent_rule",
    "crm_suite_company_id",
    "crm_suite_offer_ref",
    "mailing_domain",
    "mailing_model_id",
    "contact_list_ids",
}
# The mailing whose messages are being rendered, set by its sending only (no RPC call reaches it,
# unlike the context): the recipients' coupon codes are readable then and only then.
sending_offer = ContextVar("crm_suite_sending_offer", default=None)


class MailingMailing(models.Model):
    """A segment offer is an Email or SMS Marketing mailing to contacts, with what the suite adds:
    the consent of each recipient on the mailing's channel, a personal coupon in each message,
    and a schedule on which the segment's new members get it."""

    _inherit = "mailing.mailing"

    crm_suite_segment = fields.Char(
        string="Segment", help="The customers the offer is for, in words: its results are grouped by it."
    )
    crm_suite_offer_ref = fields.Char(
        string="Offer Reference",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The mailings of one offer (its email and its SMS) share it: a customer gets one of them.",
    )
    crm_suite_company_id = fields.Many2one(
        "res.company",
        string="Segment's Company",
        readonly=True,
        help="The company whose customer figures (class, stage, tier) the filter reads when the mailing is sent.",
    )
    crm_suite_consent_rule = fields.Selection(
        [
            ("consented", "Who agreed to this channel"),
            ("preferred", "Who agreed to this channel and hear offers on it"),
        ],
        string="Only Contacts",
        help="Applied when the mailing is sent, to the contacts of its filter: those who agreed to marketing"
        " on the mailing's channel and are not blacklisted; with the second choice, also only those whose"
        " preferred channel this is (the others get the offer's other mailing).",
    )
    crm_suite_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Personal Coupons",
        copy=False,
        domain="[('program_type', '=', 'coupons')]",
        help="Each recipient gets a coupon of this program, its code in the message"
        " (the placeholder object.crm_suite_offer_coupon_code). Only sales managers choose it.",
    )
    crm_suite_coupon_days = fields.Integer(string="Coupon Validity (days)", default=30)
    crm_suite_coupon_ids = fields.One2many("loyalty.card", "crm_suite_mailing_id", string="Coupons Given")
    crm_suite_coupon_count = fields.Integer(string="Coupons", compute="_compute_crm_suite_coupon_count")
    crm_suite_repeat_interval = fields.Integer(
        string="Send to New Members Every",
        help="After the first sending, the segment's new members get the offer on this schedule, each once."
        " 0: sent once.",
    )
    crm_suite_repeat_unit = fields.Selection(REPEAT_UNITS, string="Repeat Unit", default="weeks")
    crm_suite_next_repeat = fields.Datetime(string="Next Sending to New Members", copy=False)

    _repeat_not_negative = models.Constraint(
        "CHECK (crm_suite_repeat_interval >= 0)", "The repeat interval cannot be negative."
    )
    _coupon_days_positive = models.Constraint(
        "CHECK (crm_suite_coupon_days > 0)", "Coupons must stay valid for at least a day."
    )

    @api.depends("crm_suite_coupon_ids")
    def _compute_crm_suite_coupon_count(self):
        counts = dict(
            self.env["loyalty.card"]
            .sudo()  # sudo: a count only; marketing users may not read coupons
            ._read_group([("crm_suite_mailing_id", "in", self.ids)], ["crm_suite_mailing_id"], ["__count"])
        )
        for mailing in self:
            mailing.crm_suite_coupon_count = counts.get(mailing, 0)

    # ------------------------------------------------------------------
    # Who may give coupons
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        mailings = super().create(vals_list)
        # Checked on the records made, defaults included (a default_ key in the context is one).
        if mailings.filtered("crm_suite_coupon_program_id"):
            mailings._check_may_give_coupons()
        return mailings

    def write(self, vals):
        if "crm_suite_coupon_program_id" in vals or (
            COUPON_TERMS.intersection(vals) and self.filtered("crm_suite_coupon_program_id")
        ):
            self._check_may_give_coupons()
        return super().write(vals)

    def _check_may_give_coupons(self):
        # Odoo lets sales managers alone create coupons; a mailing would give one to every recipient.
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales managers can put personal coupons in a mailing or change who it reaches.")
            )

    @api.constrains("crm_suite_coupon_program_id")
    def _check_coupon_program(self):
        for mailing in self.filtered("crm_suite_coupon_program_id"):
            if mailing.crm_suite_coupon_program_id.program_type != "coupons":
                raise ValidationError(self.env._("Personal coupons come from a program of the Coupons type."))

    # ------------------------------------------------------------------
    # Recipients and sending
    # ------------------------------------------------------------------

    def _get_recipients(self):
        # The segment's figures are per company: read them in its company, whoever sends the queue.
        mailing = self.with_company(self.crm_suite_company_id) if self.crm_suite_company_id else self
        res_ids = super(MailingMailing, mailing)._get_recipients()
        if not self.crm_suite_offer_ref or not res_ids:
            return res_ids
        # One message per customer and offer: not those another mailing of the offer reached already
        # (a preference or consent changed between the two sendings).
        self.env["mailing.trace"].flush_model(["mass_mailing_id", "res_id", "model"])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT t.res_id FROM mailing_trace t
                     JOIN mailing_mailing m ON m.id = t.mass_mailing_id
                    WHERE m.crm_suite_offer_ref = %s AND m.id != %s AND t.model = 'res.partner'
                      AND t.res_id = ANY(%s)""",
                self.crm_suite_offer_ref,
                self.id,
                res_ids,
            )
        )
        reached = {row[0] for row in self.env.cr.fetchall()}
        return [res_id for res_id in res_ids if res_id not in reached]

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        if self.mailing_model_real != "res.partner" or not self.crm_suite_consent_rule:
            return domain
        channel = "sms" if self.mailing_type == "sms" else "email"
        if self.crm_suite_consent_rule == "preferred":
            return domain & self.env["res.partner"]._crm_suite_marketing_channel_domain(channel)
        return domain & Domain(f"can_{channel}_marketing", "=", True)

    def _action_send_mail(self, res_ids=None):
        for mailing in self:
            remaining = mailing._get_remaining_recipients()
            # Only the segment's own, however the sending was called (it is a public method).
            mailing_res_ids = [res_id for res_id in res_ids if res_id in set(remaining)] if res_ids else remaining
            if not mailing_res_ids:
                raise UserError(self.env._("Nobody of this mailing's recipients is left to send it to."))
            if mailing.crm_suite_coupon_program_id and mailing_res_ids:
                mailing._crm_suite_give_coupons(mailing_res_ids)
            # The recipients' coupon codes are read while the messages render, keyed by the mailing.
            token = sending_offer.set(mailing.id)
            try:
                super(MailingMailing, mailing.with_context(crm_suite_offer_mailing_id=mailing.id))._action_send_mail(
                    res_ids=mailing_res_ids
                )
            finally:
                sending_offer.reset(token)
                self.env["res.partner"].invalidate_model(["crm_suite_offer_coupon_code"])
            if mailing.mailing_type == "sms" and mailing.crm_suite_consent_rule and mailing.state != "done":
                # SMS Marketing leaves the mailing sending until the queue's next run; an offer is done
                # now, so that its schedule, not that run, brings its new members their message.
                mailing.write({"state": "done", "sent_date": fields.Datetime.now()})
        return True

    def _crm_suite_give_coupons(self, partner_ids):
        """A coupon for each of ``partner_ids`` who has none of this mailing yet (a resumed sending)."""
        self.ensure_one()
        if self.mailing_model_real != "res.partner":
            raise UserError(self.env._("Personal coupons can only be mailed to contacts."))
        Card = self.env["loyalty.card"].sudo()
        given = Card.search([("crm_suite_mailing_id", "=", self.id), ("partner_id", "in", partner_ids)]).partner_id
        # sudo: a sales manager chose the program and who it reaches (checked on write); the queue sends
        # as OdooBot or as the marketing user, whom Odoo does not let create coupons.
        coupons = self.crm_suite_coupon_program_id.sudo()._crm_suite_give_coupon(
            self.env["res.partner"].browse(partner_ids) - given,
            valid_until=fields.Date.context_today(self) + relativedelta(days=self.crm_suite_coupon_days),
            description=self.subject,
            campaign=self.campaign_id,
        )
        coupons.crm_suite_mailing_id = self

    # ------------------------------------------------------------------
    # New members on a schedule
    # ------------------------------------------------------------------

    def _crm_suite_repeat_delta(self):
        return relativedelta(**{self.crm_suite_repeat_unit or "weeks": self.crm_suite_repeat_interval})

    def action_put_in_queue(self):
        result = super().action_put_in_queue()
        now = fields.Datetime.now()
        for mailing in self.filtered(lambda m: m.crm_suite_repeat_interval and not m.crm_suite_next_repeat):
            mailing.crm_suite_next_repeat = (mailing.schedule_date or now) + mailing._crm_suite_repeat_delta()
        return result

    @api.model
    def _cron_repeat_segment_offers(self):
        """Put the recurring offers due back in Odoo's queue: its sending skips every contact the
        mailing has reached, so each new member of the segment gets it once."""
        now = fields.Datetime.now()
        due = self.search(
            [
                ("crm_suite_repeat_interval", ">", 0),
                ("state", "=", "done"),
                ("crm_suite_next_repeat", "<=", now),
            ]
        )
        for mailing in due:
            next_repeat = mailing.crm_suite_next_repeat
            while next_repeat <= now:
                next_repeat += mailing._crm_suite_repeat_delta()
            mailing.write({"crm_suite_next_repeat": next_repeat, "schedule_type": "now", "schedule_date": False})
            mailing.action_put_in_queue()
