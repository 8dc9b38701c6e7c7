"""What members get from their tier: discount, points, free services, retention and other offers.

Longer than 400 lines on purpose: each benefit's rules share the ladder of LoyaltyTierCase and
the helpers of their class; split by benefit, the classes would stay as they are.
"""

from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from .common import LoyaltyTierCase

DAY = date(2026, 6, 1)


@tagged("post_install", "-at_install")
class TestTierBenefits(LoyaltyTierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Tier Points",
                "program_type": "loyalty",
                "company_id": cls.company.id,
                "currency_id": cls.company.currency_id.id,
                "applies_on": "both",
                "trigger": "auto",
                "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 0.01})],
                "reward_ids": [
                    Command.create(
                        {"reward_type": "discount", "discount": 1, "discount_mode": "per_point", "required_points": 100}
                    )
                ],
            }
        )

    def _order(self, customer):
        form = Form(self.env["sale.order"])
        form.partner_id = customer
        with form.order_line.new() as line:
            line.product_id = self.product
            line.tax_ids.clear()
        return form.save()

    def _points(self, customer):
        return self.env["loyalty.card"].search([("partner_id", "=", customer.id), ("program_id", "=", self.program.id)])

    @freeze_time(DAY)
    def test_gold_discount_shows_on_the_order_and_its_invoice(self):
        member = self._customer("Discount Member")
        self._invoice(member, 60000)
        self.assertEqual(member.property_product_pricelist, self.gold.pricelist_id)
        order = self._order(member)
        self.assertEqual(order.pricelist_id, self.gold.pricelist_id)
        self.assertEqual(order.order_line.discount, 5.0)
        self.assertEqual(order.amount_untaxed, 950.0)
        order.action_confirm()
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.discount, 5.0)
        self.assertEqual(invoice.amount_untaxed, 950.0)

    @freeze_time(DAY)
    def test_own_pricelist_is_kept_over_the_tier_one(self):
        negotiated = self.env["product.pricelist"].create({"name": "Negotiated", "company_id": self.company.id})
        member = self._customer("Negotiated Member", property_product_pricelist=negotiated.id)
        self._invoice(member, 60000)
        self.assertEqual(member.loyalty_tier_id, self.gold)
        self.assertEqual(member.property_product_pricelist, negotiated)

    @freeze_time(DAY)
    def test_gold_members_earn_twice_the_points(self):
        member, guest = self._customer("Points Member"), self._customer("Points Guest")
        self._invoice(member, 60000)
        self.assertEqual(member.loyalty_tier_id.points_multiplier, 2)
        for customer in member | guest:
            order = self._order(customer)
            order._update_programs_and_rewards()
            order.action_confirm()
        # 0.01 point per rupee paid: the guest pays 1,000 for 10 points, the member 950 for 2 x 9.5.
        self.assertEqual(self._points(guest).points, 10)
        self.assertEqual(self._points(member).points, 19)

    @freeze_time(DAY)
    def test_multiplied_points_are_whole_hundredths(self):
        member = self._customer("Odd Points Member")
        self._invoice(member, 60000)
        self.gold.points_multiplier = 1.35
        order = self._order(member)
        order.order_line.price_unit = 1052.63  # 5% off: 999.9985 rupees, 9.999985 points, 13.4999... x 1.35
        order._update_programs_and_rewards()
        order.action_confirm()
        points = self._points(member).points
        self.assertEqual(points, round(points, 2), "no float noise in the member's points")

    @freeze_time(DAY)
    def test_programs_may_refuse_the_multiplier(self):
        self.program.crm_suite_tier_multiplier = False
        member = self._customer("Plain Points Member")
        self._invoice(member, 60000)
        order = self._order(member)
        order._update_programs_and_rewards()
        order.action_confirm()
        self.assertEqual(self._points(member).points, 9.5)

    @freeze_time(DAY)
    def test_reaching_a_tier_grants_its_free_services(self):
        service_coupons = self.env["loyalty.program"].create(
            {"name": "Free Service", "program_type": "coupons", "company_id": self.company.id}
        )
        self.gold.write({"free_service_count": 2, "free_service_program_id": service_coupons.id})
        member = self._customer("Serviced Member")
        self._invoice(member, 60000)
        coupon = self.env["loyalty.card"].search([("program_id", "=", service_coupons.id)])
        self.assertRecordValues(
            coupon, [{"partner_id": member.id, "points": 2, "expiration_date": DAY + timedelta(days=365)}]
        )

    def test_free_services_renew_on_each_anniversary_of_the_tier_once(self):
        service_coupons = self.env["loyalty.program"].create(
            {"name": "Yearly Service", "program_type": "coupons", "company_id": self.company.id}
        )
        self.gold.write({"free_service_count": 2, "free_service_program_id": service_coupons.id})
        member = self._customer("Loyal Member")
        with freeze_time(DAY):
            self._invoice(member, 60000)
        Evaluation = self.env["crm.suite.loyalty.evaluation"]
        for day in (DAY + timedelta(days=364), DAY + timedelta(days=365), DAY + timedelta(days=365)):
            with freeze_time(day):
                Evaluation._renew_free_services(self.company)
        coupons = self.env["loyalty.card"].search([("program_id", "=", service_coupons.id)])
        self.assertEqual(len(coupons), 2, "one on reaching the tier, one on its first anniversary")
        self.assertEqual(coupons.mapped("partner_id"), member)

    def test_a_missed_renewal_is_caught_up_within_a_week_and_only_then(self):
        service_coupons = self.env["loyalty.program"].create(
            {"name": "Yearly Check-up", "program_type": "coupons", "company_id": self.company.id}
        )
        self.gold.write({"free_service_count": 1, "free_service_program_id": service_coupons.id})
        late, too_late = self._customer("Renewed Late"), self._customer("Missed By Far")
        with freeze_time(DAY):
            self._invoice(late, 60000)
            self._invoice(too_late, 60000)

        def coupons(partner):
            return self.env["loyalty.card"].search(
                [("program_id", "=", service_coupons.id), ("partner_id", "=", partner.id)]
            )

        Evaluation = self.env["crm.suite.loyalty.evaluation"]
        too_late.sudo().free_services_renewed_date = DAY + timedelta(days=365 + 3)  # renewed already
        with freeze_time(DAY + timedelta(days=365 + 3)):  # three nights missed
            Evaluation._renew_free_services(self.company)
            Evaluation._renew_free_services(self.company)
        self.assertEqual(len(coupons(late)), 2, "reaching the tier, then its first anniversary, three days late")
        too_late.sudo().free_services_renewed_date = False
        with freeze_time(DAY + timedelta(days=365 + 8)):
            Evaluation._renew_free_services(self.company)
        self.assertEqual(len(coupons(too_late)), 1, "more than a week late: next year's anniversary")

    def test_points_about_to_expire_are_announced_once(self):
        member = self._customer("Expiring Points")
        card = self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": member.id,
                "points": 250,
                "expiration_date": DAY + timedelta(days=10),
            }
        )
        later = self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": member.id,
                "points": 80,
                "expiration_date": DAY + timedelta(days=40),
            }
        )
        with freeze_time(DAY):
            self.env["loyalty.card"]._warn_of_expiring_points()
            self.env["loyalty.card"]._warn_of_expiring_points()
        warnings = card.message_ids.filtered(lambda message: "Your points expire" in (message.subject or ""))
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings.partner_ids, member)
        self.assertFalse(later.crm_suite_expiry_warned)

    def test_coupons_due_the_same_days_do_not_hold_back_the_points_notices(self):
        coupons = self.env["loyalty.program"].create(
            {"name": "Expiring Coupons", "program_type": "coupons", "company_id": self.company.id}
        )
        member = self._customer("Points Behind Coupons")
        self.env["loyalty.card"].create(
            [
                {"program_id": coupons.id, "partner_id": member.id, "points": 1, "expiration_date": DAY + timedelta(5)}
                for _coupon in range(3)
            ]
        )
        card = self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": member.id,
                "points": 90,
                "expiration_date": DAY + timedelta(5),
            }
        )
        with freeze_time(DAY), patch("odoo.addons.crm_suite_loyalty.models.loyalty_card.BATCH_SIZE", 2):
            self.env["loyalty.card"]._warn_of_expiring_points()
        self.assertTrue(card.crm_suite_expiry_warned, "a batch of coupons first does not end the run")
        self.assertTrue(card.message_ids.filtered(lambda message: "Your points expire" in (message.subject or "")))

    @mute_logger("odoo.addons.crm_suite.batch")
    def test_a_points_notice_that_fails_is_sent_on_the_next_run(self):
        member = self._customer("Unlucky Points")
        card = self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": member.id,
                "points": 90,
                "expiration_date": DAY + timedelta(5),
            }
        )
        Card = self.registry["loyalty.card"]
        failing = patch.object(Card, "message_post_with_source", autospec=True, side_effect=RuntimeError("smtp"))
        with freeze_time(DAY), failing:
            self.env["loyalty.card"]._warn_of_expiring_points()
        self.assertFalse(card.crm_suite_expiry_warned, "no marker for a notice that did not go out")
        with freeze_time(DAY + timedelta(days=1)):
            self.env["loyalty.card"]._warn_of_expiring_points()
        self.assertTrue(card.crm_suite_expiry_warned)


@tagged("post_install", "-at_install")
class TestRetention(LoyaltyTierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.offer = cls.env["loyalty.program"].create(
            {"name": "Come Back Offer", "program_type": "coupons", "company_id": cls.company.id}
        )
        cls.company.write({"crm_suite_retention_offers": True, "crm_suite_retention_program_id": cls.offer.id})
        cls.Evaluation = cls.env["crm.suite.loyalty.evaluation"]

    def _set_stage(self, customer, stage, last_purchase):
        # The nightly segmentation writes these; the offer reads them.
        customer.write({"lifecycle_stage": stage, "last_purchase_date": last_purchase})

    def _warnings(self, customer):
        return customer.message_ids.filtered(lambda message: "Keep your Gold" in (message.subject or ""))

    def _offers(self, customer):
        return self.env["loyalty.card"].search([("partner_id", "=", customer.id), ("program_id", "=", self.offer.id)])

    def test_a_customer_who_prefers_whatsapp_gets_the_offer_there_by_one_click(self):
        customer = self._customer(
            "Whatsapp Customer", phone="+91 98200 77777", preferred_channel="whatsapp", consent_whatsapp=True
        )
        salesperson = self.env["res.users"].create({"name": "Offer Sender", "login": "whatsapp_offer_sales"})
        customer.user_id = salesperson
        self._set_stage(customer, "at_risk", DAY - timedelta(days=200))
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "retention")
        message = self.env["crm.suite.whatsapp.message"].search([("partner_id", "=", customer.id)])
        self.assertEqual(message.number, "919820077777")
        self.assertIn(customer.retention_coupon_id.code, message.body)
        self.assertEqual(message.campaign_id, self.env.ref("crm_suite_loyalty.utm_campaign_retention_offers"))
        self.assertFalse(customer.message_ids.filtered(lambda m: "A special offer" in (m.subject or "")), "no email")
        activity = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", customer.id)])
        self.assertEqual(activity.user_id, salesperson)
        self.assertIn(message.link, str(activity.note))

    def test_one_offer_per_at_risk_episode(self):
        customer = self._customer("Drifting Customer")
        salesperson = self.env["res.users"].create({"name": "Sales Person", "login": "retention_sales"})
        customer.user_id = salesperson
        self._set_stage(customer, "at_risk", DAY - timedelta(days=200))
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "retention")
            self.Evaluation._make_offers(self.company, "retention")
        self.assertEqual(len(self._offers(customer)), 1)
        self.assertEqual(customer.retention_coupon_id, self._offers(customer))
        offer_mail = customer.message_ids.filtered(lambda message: "A special offer" in (message.subject or ""))
        self.assertIn(customer.retention_coupon_id.code, str(offer_mail.body))
        activity = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", customer.id)])
        self.assertEqual(activity.user_id, salesperson)
        # A purchase ends the episode; drifting away again starts a new one.
        self._set_stage(customer, "at_risk", DAY + timedelta(days=10))
        with freeze_time(DAY + timedelta(days=200)):
            self.Evaluation._make_offers(self.company, "retention")
        self.assertEqual(len(self._offers(customer)), 2)

    @mute_logger("odoo.addons.crm_suite.batch")
    def test_an_offer_that_fails_leaves_no_marker_and_goes_out_next_run(self):
        unlucky, lucky = self._customer("Unlucky Drifter"), self._customer("Lucky Drifter")
        for customer in (unlucky, lucky):
            self._set_stage(customer, "at_risk", DAY - timedelta(days=200))
        Evaluation = self.registry["crm.suite.loyalty.evaluation"]
        make_offer = Evaluation._make_offer

        def fail_for_unlucky(evaluation, partner, offer):
            if partner == unlucky:
                raise RuntimeError("coupon generator down")
            return make_offer(evaluation, partner, offer)

        with freeze_time(DAY), patch.object(Evaluation, "_make_offer", autospec=True, side_effect=fail_for_unlucky):
            self.Evaluation._make_offers(self.company, "retention")
        self.assertFalse(unlucky.retention_offer_date, "no marker for an offer that was not sent")
        self.assertFalse(self._offers(unlucky))
        self.assertEqual((lucky.retention_offer_date, len(self._offers(lucky))), (DAY, 1))
        with freeze_time(DAY + timedelta(days=1)):
            self.Evaluation._make_offers(self.company, "retention")
        self.assertEqual(len(self._offers(unlucky)), 1)
        self.assertEqual(len(self._offers(lucky)), 1, "the one who got it gets no second")

    def test_the_offer_goes_out_on_the_channel_the_customer_agreed_to(self):
        by_sms = self._customer("Texting Drifter", consent_email=False, consent_sms=True, phone="+91 98220 77001")
        by_sms.preferred_channel = "sms"
        silent = self._customer("Silent Drifter", consent_email=False, user_id=self.env.user.id)
        for customer in (by_sms, silent):
            self._set_stage(customer, "at_risk", DAY - timedelta(days=200))
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "retention")
        sms = self.env["sms.sms"].search([("partner_id", "=", by_sms.id)])
        self.assertIn(by_sms.retention_coupon_id.code, sms.body)
        self.assertFalse(by_sms.message_ids.filtered(lambda message: "A special offer" in (message.subject or "")))
        self.assertFalse(silent.message_ids.filtered(lambda message: "A special offer" in (message.subject or "")))
        self.assertTrue(silent.retention_coupon_id, "the coupon is theirs; the salesperson tells them")
        call = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", silent.id)])
        self.assertIn("agreed to no marketing message", call.summary)

    def test_an_offer_above_the_class_discount_limit_goes_to_the_salesperson_instead(self):
        self.offer.reward_ids = [
            Command.clear(),
            Command.create({"reward_type": "discount", "discount": 20, "discount_mode": "percent"}),
        ]
        self.env["crm.suite.service.level"].create(
            {"company_id": self.company.id, "abc_class": "C", "max_discount_percent": 10}
        )
        customer = self._customer("Drifting Small Buyer", user_id=self.env.user.id)
        customer.sudo().abc_class = "C"  # the nightly ranking's
        self._set_stage(customer, "at_risk", DAY - timedelta(days=200))
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "retention")
            self.Evaluation._make_offers(self.company, "retention")
        self.assertFalse(self._offers(customer), "no coupon above what the class allows")
        self.assertFalse(customer.message_ids.filtered(lambda message: "A special offer" in (message.subject or "")))
        activity = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", customer.id)])
        self.assertEqual(len(activity), 1, "told once, not every night")
        self.assertIn("above the class's discount limit", activity.summary)

    def test_a_run_takes_each_customer_once_even_if_still_due(self):
        customer = self._customer("Bought Tomorrow", user_id=self.env.user.id)
        # An episode dated after today: the marker (today) never catches up with it.
        self._set_stage(customer, "at_risk", DAY + timedelta(days=1))
        Evaluation = self.registry["crm.suite.loyalty.evaluation"]
        claim, claims = Evaluation._claim, []

        def counted_claim(evaluation, *args, **kwargs):
            claims.append(args)
            if len(claims) > 5:
                raise AssertionError("the run keeps claiming the same customer")
            return claim(evaluation, *args, **kwargs)

        with freeze_time(DAY), patch.object(Evaluation, "_claim", counted_claim):
            self.Evaluation._make_offers(self.company, "retention")
        self.assertEqual(len(self._offers(customer)), 1)
        self.assertEqual(len(claims), 2, "one batch, then nobody left")

    def test_consent_is_searchable_and_its_changes_tracked(self):
        agreed, refused = self._customer("Agreeing Buyer"), self._customer("Refusing Buyer", consent_email=False)
        self.env["mail.blacklist"]._add("blocked@example.com")
        blacklisted = self._customer("Blocked Buyer")
        blacklisted.email = "blocked@example.com"
        reachable = self.env["res.partner"].search([("can_email_marketing", "=", True)])
        self.assertIn(agreed, reachable)
        self.assertNotIn(refused, reachable)
        self.assertNotIn(blacklisted, reachable)
        self.assertIn(refused, self.env["res.partner"].search([("can_email_marketing", "=", False)]))
        self.env.flush_all()
        self.env.cr.precommit.run()  # Odoo writes tracking values when the transaction commits
        agreed.consent_email = False
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [("field_id.name", "=", "consent_email"), ("mail_message_id.res_id", "=", agreed.id)]
        )
        self.assertEqual((tracked.old_value_integer, tracked.new_value_integer), (1, 0))

    def test_active_customers_get_no_offer(self):
        customer = self._customer("Happy Customer")
        self._set_stage(customer, "active", DAY - timedelta(days=5))
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "retention")
        self.assertFalse(self._offers(customer))

    def test_the_members_tier_offer_comes_first(self):
        gold_offer = self.env["loyalty.program"].create(
            {"name": "Gold Welcome Back", "program_type": "coupons", "company_id": self.company.id}
        )
        self.gold.retention_program_id = gold_offer
        customer = self._customer("Drifting Gold")
        with freeze_time(DAY - timedelta(days=200)):
            self._invoice(customer, 60000)
        self._set_stage(customer, "at_risk", DAY - timedelta(days=200))
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "retention")
        self.assertEqual(customer.retention_coupon_id.program_id, gold_offer)

    def test_lapsed_customers_get_one_win_back_offer_per_episode(self):
        winback = self.env["loyalty.program"].create(
            {"name": "Welcome Back Gift", "program_type": "coupons", "company_id": self.company.id}
        )
        self.company.write({"crm_suite_winback_offers": True, "crm_suite_winback_program_id": winback.id})
        lapsed, at_risk = self._customer("Lapsed Customer"), self._customer("At Risk Customer")
        self._set_stage(lapsed, "lapsed", DAY - timedelta(days=400))
        self._set_stage(at_risk, "at_risk", DAY - timedelta(days=100))
        with freeze_time(DAY):
            self.Evaluation._make_offers(self.company, "winback")
            self.Evaluation._make_offers(self.company, "winback")
        cards = self.env["loyalty.card"].search([("program_id", "=", winback.id)])
        self.assertEqual(cards.partner_id, lapsed)
        self.assertEqual(len(cards), 1)

    def test_first_purchase_anniversary_gift_once_a_year(self):
        gift = self.env["loyalty.program"].create(
            {"name": "Anniversary Gift", "program_type": "coupons", "company_id": self.company.id}
        )
        self.company.write({"crm_suite_anniversary_gifts": True, "crm_suite_anniversary_program_id": gift.id})
        customer, newcomer = self._customer("Loyal Since 2024"), self._customer("First Bought Today")
        customer.write({"first_purchase_date": date(2024, 6, 1)})
        newcomer.write({"first_purchase_date": DAY})

        def gifts():
            return self.env["loyalty.card"].search([("program_id", "=", gift.id)])

        for day in (DAY - timedelta(days=1), DAY, DAY, DAY + timedelta(days=1)):
            with freeze_time(day):
                self.Evaluation._make_offers(self.company, "anniversary")
        self.assertEqual(gifts().partner_id, customer)
        self.assertEqual(len(gifts()), 1)
        with freeze_time(date(2027, 6, 1)):
            self.Evaluation._make_offers(self.company, "anniversary")
        self.assertEqual(len(gifts()), 3)

    def test_an_anniversary_gift_missed_on_its_day_goes_out_that_week_not_for_past_years(self):
        gift = self.env["loyalty.program"].create(
            {"name": "Late Anniversary Gift", "program_type": "coupons", "company_id": self.company.id}
        )
        self.company.write({"crm_suite_anniversary_gifts": True, "crm_suite_anniversary_program_id": gift.id})
        leap_born, old_customer = self._customer("Bought on 29 February"), self._customer("Bought Years Ago")
        leap_born.write({"first_purchase_date": date(2024, 2, 29)})
        old_customer.write({"first_purchase_date": date(2020, 9, 10)})

        def gifts(partner):
            return self.env["loyalty.card"].search([("program_id", "=", gift.id), ("partner_id", "=", partner.id)])

        for day in (date(2025, 2, 28), date(2025, 3, 1), date(2025, 3, 1)):
            with freeze_time(day):
                self.Evaluation._make_offers(self.company, "anniversary")
        self.assertEqual(len(gifts(leap_born)), 1, "29 February's first anniversary is 1 March in a common year")
        self.assertFalse(gifts(old_customer), "the anniversaries of past years are not paid out")
        with freeze_time(date(2025, 9, 12)):  # two nights late
            self.Evaluation._make_offers(self.company, "anniversary")
        self.assertEqual(len(gifts(old_customer)), 1)
        with freeze_time(date(2026, 3, 9)):  # more than a week after 28 February
            self.Evaluation._make_offers(self.company, "anniversary")
        self.assertEqual(len(gifts(leap_born)), 1)

    def test_downgrade_warning_is_sent_once_before_the_grace_ends(self):
        customer = self._customer("Warned Gold")
        with freeze_time(DAY):
            self._invoice(customer, 50000)
            self._invoice(customer, 15000, move_type="out_refund")
        with freeze_time(DAY + timedelta(days=59)):
            self.Evaluation._warn_of_downgrades(self.company)
        self.assertFalse(self._warnings(customer))
        with freeze_time(DAY + timedelta(days=60)):
            self.Evaluation._warn_of_downgrades(self.company)
            self.Evaluation._warn_of_downgrades(self.company)
        self.assertEqual(len(self._warnings(customer)), 1)
        self.assertIn("5,000", str(self._warnings(customer).body))
