"""The loyalty settings at other values than their defaults, so that a constant in the code would fail."""

from datetime import date, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import GreetingGiftCase, LoyaltyTierCase

DAY = date(2026, 6, 1)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15 05:00:00")  # 10:30 in Pune
class TestGreetingGiftSettings(GreetingGiftCase):
    coupon_days = 10

    def test_the_gift_is_valid_for_the_set_days(self):
        self.assertEqual(self._greeting().coupon_id.expiration_date, date(2026, 3, 25))

    def test_an_sms_greeting_carries_the_gift_only_with_sms_consent(self):
        self.meera.preferred_channel = "sms"
        greeting = self._greeting()
        self.assertEqual((greeting.channel, greeting.state), ("sms", "sent"))
        self.assertFalse(greeting.coupon_id, "agreeing to marketing emails is no consent to marketing SMS")
        greeting.unlink()
        self.meera.consent_sms = True
        greeting = self._greeting()
        self.assertTrue(greeting.coupon_id)
        sms = self.env["sms.sms"].search([("mail_message_id", "=", greeting.message_id.id)])
        self.assertIn(greeting.coupon_id.code, sms.body)


@tagged("post_install", "-at_install")
class TestTierAndOfferSettings(LoyaltyTierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Program = cls.env["loyalty.program"]
        cls.retention = Program.create(
            {"name": "Stay With Us", "program_type": "coupons", "company_id": cls.company.id}
        )
        cls.winback = Program.create({"name": "Come Back", "program_type": "coupons", "company_id": cls.company.id})
        cls.gift = Program.create({"name": "Thank You Gift", "program_type": "coupons", "company_id": cls.company.id})
        cls.company.write(
            {
                "crm_suite_retention_program_id": cls.retention.id,
                "crm_suite_winback_program_id": cls.winback.id,
                "crm_suite_anniversary_program_id": cls.gift.id,
            }
        )
        cls.Evaluation = cls.env["crm.suite.loyalty.evaluation"]

    def _slipping_gold(self, name):
        """A Gold member below what keeps Gold since DAY."""
        customer = self._customer(name)
        with freeze_time(DAY):
            self._invoice(customer, 50000)
            self._invoice(customer, 15000, move_type="out_refund")
        self.assertEqual((customer.loyalty_tier_id, customer.loyalty_tier_below_since), (self.gold, DAY))
        return customer

    def _cards(self, program, customer):
        return self.env["loyalty.card"].search([("program_id", "=", program.id), ("partner_id", "=", customer.id)])

    def test_the_grace_period_is_the_days_setting(self):
        self.company.crm_suite_tier_grace_days = 30
        customer = self._slipping_gold("Short Grace")
        self.assertEqual(customer.loyalty_tier_downgrade_date, DAY + timedelta(days=30))
        with freeze_time(DAY + timedelta(days=29)):
            self._evaluate()
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        with freeze_time(DAY + timedelta(days=30)):
            self._evaluate()
        self.assertEqual(customer.loyalty_tier_id, self.silver)

    def test_the_downgrade_warning_comes_the_set_days_before(self):
        self.company.crm_suite_tier_warning_days = 10
        customer = self._slipping_gold("Late Warning")

        def warnings():
            return customer.message_ids.filtered(lambda message: "Keep your Gold" in (message.subject or ""))

        # The grace ends on day 90: warned from day 80, not 60.
        with freeze_time(DAY + timedelta(days=79)):
            self.Evaluation._warn_of_downgrades(self.company)
        self.assertFalse(warnings())
        with freeze_time(DAY + timedelta(days=80)):
            self.Evaluation._warn_of_downgrades(self.company)
        self.assertEqual(len(warnings()), 1)

    def test_the_offer_coupon_is_valid_for_the_set_days(self):
        self.company.write({"crm_suite_retention_offers": True, "crm_suite_retention_coupon_days": 7})
        customer = self._customer("Week Long Offer")
        customer.write({"lifecycle_stage": "at_risk", "last_purchase_date": DAY - timedelta(days=200)})
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "retention")
        self.assertEqual(self._cards(self.retention, customer).expiration_date, DAY + timedelta(days=7))

    def test_the_nightly_run_makes_only_the_offers_the_company_turned_on(self):
        # Today, not a frozen day: the nightly job goes through every company's customers, whose
        # last purchases (the demo's among them) may come after any day chosen here.
        today = fields.Date.context_today(self.Evaluation)
        drifting, lapsed, faithful = (
            self._customer("Drifting Buyer"),
            self._customer("Lapsed Buyer"),
            self._customer("Faithful Buyer"),
        )
        drifting.write({"lifecycle_stage": "at_risk", "last_purchase_date": today - timedelta(days=100)})
        lapsed.write({"lifecycle_stage": "lapsed", "last_purchase_date": today - timedelta(days=400)})
        faithful.write({"first_purchase_date": today - relativedelta(years=4), "lifecycle_stage": "active"})
        expected = ((self.retention, drifting), (self.winback, lapsed), (self.gift, faithful))

        def nightly_run():
            # The nightly job commits as it goes: here the test's transaction stays whole.
            with patch.object(self.registry["ir.cron"], "_commit_progress", return_value=0.0):
                self.Evaluation._cron_evaluate()

        switches = ("crm_suite_retention_offers", "crm_suite_winback_offers", "crm_suite_anniversary_gifts")
        self.company.write(dict.fromkeys(switches, False))
        nightly_run()
        for program, customer in expected:
            self.assertFalse(self._cards(program, customer), program.name)
        self.company.write(dict.fromkeys(switches, True))
        nightly_run()
        for program, customer in expected:
            self.assertEqual(len(self._cards(program, customer)), 1, program.name)
