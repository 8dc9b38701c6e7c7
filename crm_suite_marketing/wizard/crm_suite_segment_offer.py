import ast
import uuid

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..models.mailing_mailing import REPEAT_UNITS

CHANNELS = [
    ("preferred", "Each customer's preferred channel"),
    ("email", "Email"),
    ("sms", "SMS"),
]


class CrmSuiteSegmentOffer(models.TransientModel):
    """Turns the contacts of a list, filtered as the user likes, into an offer: Email and/or SMS
    Marketing mailings of a campaign, on the customers who agreed to hear from the business there."""

    _name = "crm.suite.segment.offer"
    _description = "Offer to a Segment"

    partner_domain = fields.Char(string="Customers", required=True, default="[]")
    segment = fields.Char(required=True, help="The segment in words, for the results: 'Champions in Pune'.")
    campaign_id = fields.Many2one("utm.campaign", string="Campaign", required=True)
    channel = fields.Selection(CHANNELS, required=True, default="preferred")
    subject = fields.Char(required=True)
    message = fields.Text(required=True, help="The offer, for the email and the SMS alike.")
    coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Personal Coupons",
        domain="[('program_type', '=', 'coupons')]",
        help="Each recipient gets a coupon of this program, its code in the message.",
    )
    coupon_days = fields.Integer(string="Coupon Validity (days)", default=30)
    repeat_interval = fields.Integer(
        string="Send to New Members Every", help="0: once. Otherwise each new member of the segment gets it once."
    )
    repeat_unit = fields.Selection(REPEAT_UNITS, default="weeks", required=True)
    customer_count = fields.Integer(string="In the Segment", compute="_compute_reach")
    email_count = fields.Integer(string="By Email", compute="_compute_reach")
    sms_count = fields.Integer(string="By SMS", compute="_compute_reach")
    whatsapp_count = fields.Integer(string="On WhatsApp", compute="_compute_reach")
    unreachable_count = fields.Integer(string="Not Reachable", compute="_compute_reach")
    may_give_coupons = fields.Boolean(compute="_compute_may_give_coupons")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and "partner_domain" in fields_list:
            # The whole filtered list when every contact of it is selected (new members join the
            # segment), else the contacts ticked.
            active_ids = context.get("active_ids") or []
            active_domain = Domain(context.get("active_domain") or [])
            Partner = self.env["res.partner"]
            if context.get("active_domain") is not None and Partner.search_count(active_domain) == len(active_ids):
                values["partner_domain"] = repr(list(active_domain))
            else:
                values["partner_domain"] = repr([("id", "in", active_ids)])
        return values

    def _segment_domain(self):
        try:
            domain = Domain(ast.literal_eval(self.partner_domain or "[]"))
            self.env["res.partner"]._search(domain)
        except (ValueError, SyntaxError, TypeError, KeyError) as error:
            raise UserError(self.env._("The customers' filter is not valid: %s", error)) from error
        return domain

    def _channels(self):
        """(mailing type, consent rule) of the mailings the offer makes."""
        if self.channel == "preferred":
            return [("mail", "preferred"), ("sms", "preferred")]
        return [("mail" if self.channel == "email" else "sms", "consented")]

    @api.depends("partner_domain", "channel")
    def _compute_reach(self):
        Partner = self.env["res.partner"]
        for offer in self:
            try:
                segment = offer._segment_domain()
            except UserError:
                offer.customer_count = offer.email_count = offer.sms_count = offer.unreachable_count = 0
                continue
            offer.customer_count = Partner.search_count(segment)
            counts = {}
            for mailing_type, rule in offer._channels():
                channel = "sms" if mailing_type == "sms" else "email"
                reach = (
                    Partner._crm_suite_marketing_channel_domain(channel)
                    if rule == "preferred"
                    else Domain(f"can_{channel}_marketing", "=", True)
                )
                counts[channel] = Partner.search_count(segment & reach)
            offer.whatsapp_count = (
                Partner.search_count(segment & Partner._crm_suite_marketing_channel_domain("whatsapp"))
                if offer.channel == "preferred"
                else 0
            )
            offer.email_count = counts.get("email", 0)
            offer.sms_count = counts.get("sms", 0)
            offer.unreachable_count = offer.customer_count - offer.email_count - offer.sms_count - offer.whatsapp_count

    def _compute_may_give_coupons(self):
        self.may_give_coupons = self.env.user.has_group("sales_team.group_sale_manager")

    def _mailing_values(self, mailing_type, rule):
        partner_model = self.env["ir.model"]._get("res.partner")
        values = {
            "mailing_type": mailing_type,
            "mailing_model_id": partner_model.id,
            "mailing_domain": repr(list(self._segment_domain())),
            "subject": self.subject,
            "campaign_id": self.campaign_id.id,
            "crm_suite_segment": self.segment,
            "crm_suite_company_id": self.env.company.id,
            "crm_suite_consent_rule": rule,
            "crm_suite_repeat_interval": self.repeat_interval,
            "crm_suite_repeat_unit": self.repeat_unit,
        }
        if self.coupon_program_id:
            values.update(
                {"crm_suite_coupon_program_id": self.coupon_program_id.id, "crm_suite_coupon_days": self.coupon_days}
            )
        if mailing_type == "sms":
            values["body_plaintext"] = self._sms_body()
        else:
            values["body_arch"] = values["body_html"] = self._email_body()
        return values

    def _email_body(self):
        coupon = (
            Markup("<p>%s <strong><t t-out=\"object.crm_suite_offer_coupon_code or ''\"/></strong></p>")
            % self.env._("Your personal code:")
            if self.coupon_program_id
            else Markup()
        )
        paragraphs = Markup("").join(Markup("<p>%s</p>") % line for line in self.message.splitlines() if line.strip())
        greeting = Markup("<p>%s <t t-out=\"object.name or ''\"/>,</p>") % self.env._("Dear")
        return Markup('<div class="o_layout">%s%s%s</div>') % (greeting, paragraphs, coupon)

    def _sms_body(self):
        body = " ".join(self.message.split())
        if self.coupon_program_id:
            body += " " + self.env._("Code:") + " {{ object.crm_suite_offer_coupon_code }}"
        return body

    def _make_mailings(self):
        self.ensure_one()
        if self.repeat_interval < 0:
            raise UserError(self.env._("The repeat interval cannot be negative."))
        if self.coupon_days <= 0:
            raise UserError(self.env._("Coupons must stay valid for at least a day."))
        offer_ref = str(uuid.uuid4())
        return self.env["mailing.mailing"].create(
            [
                dict(self._mailing_values(mailing_type, rule), crm_suite_offer_ref=offer_ref)
                for mailing_type, rule in self._channels()
            ]
        )

    def _prepare_whatsapp(self):
        """The offer for the customers who prefer WhatsApp (each channel's preference): a message each,
        with their coupon, waiting in WhatsApp Messages for one click (or sent by a connected gateway)."""
        self.ensure_one()
        if self.channel != "preferred":
            return self.env["crm.suite.whatsapp.message"]
        Partner = self.env["res.partner"]
        partners = Partner.search(self._segment_domain() & Partner._crm_suite_marketing_channel_domain("whatsapp"))
        codes = {}
        if self.coupon_program_id and partners:
            self.env["mailing.mailing"]._check_may_give_coupons()
            # sudo: a sales manager (checked above) gives the coupons, as the mailings' do.
            coupons = self.coupon_program_id.sudo()._crm_suite_give_coupon(
                partners,
                valid_until=fields.Date.context_today(self) + relativedelta(days=self.coupon_days),
                description=self.subject,
                campaign=self.campaign_id,
            )
            codes = {coupon.partner_id.id: coupon.code for coupon in coupons}
        text = " ".join(self.message.split())
        Message = self.env["crm.suite.whatsapp.message"]
        for partner in partners:
            code = codes.get(partner.id)
            body = f"{text} {self.env._('Code:')} {code}" if code else text
            Message |= Message._prepare(partner, body, campaign=self.campaign_id)
        return Message

    def _open(self, mailings):
        if len(mailings) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "mailing.mailing",
                "res_id": mailings.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Offer: %s", self.subject),
            "res_model": "mailing.mailing",
            "domain": [("id", "in", mailings.ids)],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
        }

    def action_send(self):
        """Make the mailings and send them now, through Email and SMS Marketing's queue; the WhatsApp
        messages wait for their one click."""
        mailings = self._make_mailings()
        self._prepare_whatsapp()
        mailings.action_launch()
        return self._open(mailings)

    def action_edit(self):
        """Make the mailings as drafts, to design and send from Email and SMS Marketing (and the
        WhatsApp messages, ready to send)."""
        mailings = self._make_mailings()
        self._prepare_whatsapp()
        return self._open(mailings)
