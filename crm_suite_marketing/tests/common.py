from unittest.mock import patch

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.crm_suite.tests.common import with_chart_of_accounts


class SegmentOfferCase(TransactionCase):
    """Six customers of the segment "Pune", each reachable (or not) in another way, a Diwali campaign
    and a coupon program of 10% off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = with_chart_of_accounts(cls.env, cls.env.company)
        cls.env["crm.suite.service.level"].search([("company_id", "=", cls.company.id)]).max_discount_percent = 0
        Partner = cls.env["res.partner"]
        pune = {"city": "Offerpur", "customer_rank": 1}
        cls.asha = Partner.create({**pune, "name": "Asha", "email": "asha@example.com", "consent_email": True})
        cls.bala = Partner.create(
            {**pune, "name": "Bala", "phone": "+91 98200 00001", "consent_sms": True, "preferred_channel": "sms"}
        )
        cls.chitra = Partner.create(
            {**pune, "name": "Chitra (SMS, no phone)", "consent_sms": True, "preferred_channel": "sms"}
        )
        cls.dev = Partner.create({**pune, "name": "Dev", "email": "dev@example.com", "consent_email": True})
        cls.env["mail.blacklist"].sudo()._add("dev@example.com")
        cls.esha = Partner.create(
            {
                **pune,
                "name": "Esha",
                "email": "esha@example.com",
                "phone": "+91 98200 00005",
                "consent_email": True,
                "consent_sms": True,
                "preferred_channel": "sms",
            }
        )
        cls.farid = Partner.create(
            {**pune, "name": "Farid", "email": "farid@example.com", "phone": "+91 98200 00006", "consent_sms": True}
        )
        cls.outsider = Partner.create(
            {"name": "Gita from Mumbai", "city": "Mumbai", "email": "gita@example.com", "consent_email": True}
        )
        cls.campaign = cls.env["utm.campaign"].create({"title": "Diwali 2026"})
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Diwali 10%",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "discount_mode": "percent"})],
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Diya set", "list_price": 1000, "standard_price": 600, "taxes_id": []}
        )

    def _offer(self, **values):
        values = {
            "partner_domain": "[('city', '=', 'Offerpur')]",
            "segment": "Pune",
            "campaign_id": self.campaign.id,
            "subject": "Diwali offer",
            "message": "Ten percent off this week.",
            **values,
        }
        return self.env["crm.suite.segment.offer"].create(values)

    def _mailings(self, offer, send=False):
        action = offer.action_send() if send else offer.action_edit()
        return self.env["mailing.mailing"].browse(action.get("res_id") or action["domain"][0][2])

    def _by_type(self, mailings):
        return {mailing.mailing_type: mailing for mailing in mailings}

    def _order_with_coupon(self, partner, coupon):
        order = self.env["sale.order"].create(
            {"partner_id": partner.id, "order_line": [Command.create({"product_id": self.product.id})]}
        )
        status = order._try_apply_code(coupon.code)
        order._apply_program_reward(status[coupon], coupon)
        order.action_confirm()
        return order

    def _run_queue(self):
        """Email Marketing's queue, as its cron runs it (which commits between mailings)."""
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=60.0):
            self.env["mailing.mailing"]._process_mass_mailing_queue()
