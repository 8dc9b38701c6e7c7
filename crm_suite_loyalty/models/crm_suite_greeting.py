from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.tools import format_date


class CrmSuiteGreeting(models.Model):
    _inherit = "crm.suite.greeting"

    coupon_id = fields.Many2one("loyalty.card", string="Gift Coupon", readonly=True, ondelete="set null")

    def _send_email(self):
        self._issue_gift_coupon()
        return super()._send_email()

    def _send_sms(self):
        self._issue_gift_coupon()
        return super()._send_sms()

    def _send_whatsapp(self):
        self._issue_gift_coupon()
        return super()._send_whatsapp()

    def _issue_gift_coupon(self):
        """A coupon of the company's greeting program (the suite's one coupon helper).

        The wishes go to everyone greeted; the gift, being marketing, only to a contact who
        agreed to marketing messages on the greeting's channel, and within their class's discount limit.
        """
        program = self.company_id.crm_suite_greeting_program_id
        consented = {
            "email": self.partner_id.can_email_marketing,
            "sms": self.partner_id.can_sms_marketing,
            "whatsapp": self.partner_id.consent_whatsapp,
        }.get(self.channel)
        if not program or self.coupon_id or not consented:
            return
        if not self.partner_id.with_company(self.company_id)._crm_suite_coupon_within_limit(program):
            return
        self.coupon_id = program._crm_suite_give_coupon(
            self.partner_id,
            valid_until=self.date + timedelta(days=self.company_id.crm_suite_greeting_coupon_days),
            # Not the occasion: a birthday or a festival is personal; the coupon's history is read by sales.
            description=self.env._("Greeting gift"),
            campaign=self.env.ref("crm_suite_loyalty.utm_campaign_greeting_gifts", raise_if_not_found=False),
        )

    def _gift_text(self):
        if not self.coupon_id:
            return super()._gift_text()
        lang = self.partner_id.lang
        return " " + self.with_context(lang=lang).env._(
            "Your gift: coupon %(code)s, valid until %(date)s.",
            code=self.coupon_id.code,
            date=format_date(self.env, self.coupon_id.expiration_date, lang_code=lang),
        )

    def _gift_html(self):
        if not self.coupon_id:
            return super()._gift_html()
        return Markup("<p><strong>%s</strong></p>") % self._gift_text().strip()
