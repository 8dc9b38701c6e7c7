from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import GreetingGiftCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15 05:00:00")  # 10:30 in Pune
class TestGreetingGift(GreetingGiftCase):
    def test_greeting_carries_a_coupon_valid_for_the_set_days(self):
        greeting = self._greeting()
        coupon = greeting.coupon_id
        self.assertRecordValues(
            coupon, [{"program_id": self.program.id, "partner_id": self.meera.id, "expiration_date": date(2026, 4, 14)}]
        )
        self.assertGreater(coupon.points, 0)
        self.assertIn(coupon.code, greeting.message_id.body)

    def test_second_run_issues_no_second_coupon(self):
        self._greeting()
        self._greeting()
        self.assertEqual(self.env["loyalty.card"].search_count([("program_id", "=", self.program.id)]), 1)

    def test_no_gift_without_consent_to_marketing_only_the_wishes(self):
        self.meera.consent_email = False
        greeting = self._greeting()
        self.assertEqual(greeting.state, "sent")
        self.assertFalse(greeting.coupon_id)

    def test_no_gift_above_the_class_discount_limit(self):
        levels = self.env["crm.suite.service.level"].search([("company_id", "=", self.env.company.id)])
        levels.max_discount_percent = 5  # the program gives 10%; Meera is not ranked yet
        greeting = self._greeting()
        self.assertEqual(greeting.state, "sent")
        self.assertFalse(greeting.coupon_id)
        levels.max_discount_percent = 10
        self.assertTrue(self.meera._crm_suite_coupon_within_limit(self.program))

    def test_no_program_no_coupon(self):
        self.env.company.crm_suite_greeting_program_id = False
        greeting = self._greeting()
        self.assertEqual(greeting.state, "sent")
        self.assertFalse(greeting.coupon_id)
        self.assertFalse(self.env["loyalty.card"].search_count([("program_id", "=", self.program.id)]))

    def test_gift_validity_must_be_at_least_a_day(self):
        with self.assertRaises(ValidationError):
            self.env.company.crm_suite_greeting_coupon_days = 0
