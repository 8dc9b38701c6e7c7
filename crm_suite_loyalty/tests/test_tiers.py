from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import LoyaltyTierCase

DAY = date(2026, 6, 1)


@tagged("post_install", "-at_install")
class TestTierRules(LoyaltyTierCase):
    @freeze_time(DAY)
    def test_spend_at_the_exact_threshold_reaches_the_tier(self):
        exact, short = self._customer("Exact Spender"), self._customer("Short Spender")
        self._invoice(exact, 20000)
        self._invoice(short, 19999.99)
        self.assertEqual(exact.loyalty_tier_id, self.silver)
        self.assertEqual(short.loyalty_tier_id, self.bronze)
        self.assertEqual(short.next_tier_id, self.silver)
        self.assertAlmostEqual(short.next_tier_amount_missing, 0.01)
        self.assertEqual(exact.next_tier_id, self.gold)
        self.assertEqual(exact.next_tier_amount_missing, 30000)

    @freeze_time(DAY)
    def test_progress_is_the_same_whole_percent_everywhere(self):
        customer = self._customer("Halfway Spender")
        self._invoice(customer, 28636.25)  # 57.27% of Gold's 50,000
        self.assertEqual(customer.next_tier_id, self.gold)
        self.assertEqual(customer.next_tier_progress, 57)

    @freeze_time(DAY)
    def test_purchases_alone_reach_a_tier_that_takes_either(self):
        customer = self._customer("Frequent Buyer")
        for _purchase in range(5):
            self._invoice(customer, 100)
        self.assertEqual(customer.loyalty_tier_id, self.silver)
        self.assertEqual(customer.loyalty_period_purchases, 5)

    @freeze_time(DAY)
    def test_a_tier_taking_both_needs_spend_and_purchases(self):
        self.silver.qualification = "both"
        customer = self._customer("Big Single Buyer")
        self._invoice(customer, 30000)
        self.assertEqual(customer.loyalty_tier_id, self.bronze)
        for _purchase in range(4):
            self._invoice(customer, 10)
        self.assertEqual(customer.loyalty_tier_id, self.silver)

    @freeze_time(DAY)
    def test_posting_the_invoice_upgrades_at_once_and_welcomes_the_member(self):
        customer = self._customer("Instant Member")
        self._invoice(customer, 60000)
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        self.assertEqual(customer.loyalty_tier_since, DAY)
        change = customer.loyalty_tier_history_ids
        self.assertRecordValues(
            change, [{"from_tier_id": False, "to_tier_id": self.gold.id, "reason": "upgrade", "notify_state": "done"}]
        )
        welcome = customer.message_ids.filtered(lambda message: "Welcome to Gold" in (message.subject or ""))
        self.assertEqual(welcome.partner_ids, customer)

    @freeze_time(DAY)
    def test_moving_up_from_a_tier_sends_the_upgrade_email(self):
        customer = self._customer("Climbing Member")
        self._invoice(customer, 25000)
        self.assertEqual(customer.loyalty_tier_id, self.silver)
        self._invoice(customer, 30000)
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        self.assertRecordValues(
            customer.loyalty_tier_history_ids[:1],
            [{"from_tier_id": self.silver.id, "to_tier_id": self.gold.id, "reason": "upgrade", "notify_state": "done"}],
        )
        upgrade = customer.message_ids.filtered(lambda message: message.subject == "You are now Gold, Climbing Member!")
        self.assertEqual(upgrade.partner_ids, customer)
        self.assertFalse(customer.message_ids.filtered(lambda message: "Welcome to Gold" in (message.subject or "")))

    def test_moving_down_sends_the_tier_changed_email(self):
        customer = self._customer("Sliding Member")
        with freeze_time(DAY):
            self._invoice(customer, 50000)
            self._invoice(customer, 15000, move_type="out_refund")
        with freeze_time(DAY + timedelta(days=90)):
            self._evaluate()
            self.env["crm.suite.loyalty.tier.history"]._notify_pending()
        self.assertEqual(customer.loyalty_tier_id, self.silver)
        changed = customer.message_ids.filtered(lambda message: message.subject == "Your loyalty tier has changed")
        self.assertEqual(changed.partner_ids, customer)
        self.assertIn("Silver", str(changed.body))
        self.assertEqual(customer.loyalty_tier_history_ids[:1].notify_state, "done")

    @mute_logger("odoo.addons.crm_suite.batch")
    def test_a_failed_notification_is_tried_on_three_runs_then_left_to_managers(self):
        History = self.registry["crm.suite.loyalty.tier.history"]
        customer = self._customer("Unlucky Member")
        with patch.object(History, "_notify", autospec=True, side_effect=RuntimeError("mail server down")):
            with freeze_time(DAY):
                self._invoice(customer, 60000)
            change = customer.loyalty_tier_history_ids
            self.assertRecordValues(change, [{"notify_state": "failed", "notify_attempts": 1}])
            for day in (1, 2, 3):
                with freeze_time(DAY + timedelta(days=day)):
                    self.env["crm.suite.loyalty.tier.history"]._notify_pending()
        self.assertRecordValues(change, [{"notify_state": "failed", "notify_attempts": 3}])
        with freeze_time(DAY + timedelta(days=4)):
            self.env["crm.suite.loyalty.tier.history"]._notify_pending()
        self.assertEqual(change.notify_state, "failed", "after three attempts, the managers' list")
        listed = self.env.ref("crm_suite_loyalty.action_crm_suite_loyalty_tier_notify_failed")
        self.assertEqual(listed.context, "{'search_default_notify_failed': 1}")

    @mute_logger("odoo.addons.crm_suite.batch")
    def test_a_failed_notification_goes_out_on_the_next_run(self):
        History = self.registry["crm.suite.loyalty.tier.history"]
        customer = self._customer("Second Chance Member")
        failing = patch.object(History, "_notify", autospec=True, side_effect=RuntimeError("mail server down"))
        with failing, freeze_time(DAY):
            self._invoice(customer, 60000)
        with freeze_time(DAY + timedelta(days=1)):
            self.env["crm.suite.loyalty.tier.history"]._notify_pending()
        self.assertEqual(customer.loyalty_tier_history_ids.notify_state, "done")
        welcome = customer.message_ids.filtered(lambda message: "Welcome to Gold" in (message.subject or ""))
        self.assertEqual(len(welcome), 1)

    @freeze_time(DAY)
    def test_an_accountant_posting_the_invoice_upgrades_the_buyer(self):
        accountant = new_test_user(self.env, login="tier_accountant", groups="account.group_account_invoice")
        customer = self._customer("Billed Member")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 60000, "tax_ids": [Command.clear()]})
                ],
            }
        )
        invoice.with_user(accountant).action_post()
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        self.assertEqual(customer.loyalty_tier_history_ids.notify_state, "done")

    @freeze_time(DAY)
    def test_posting_decides_the_buyers_tier_only(self):
        buyer, other = self._customer("Posting Buyer"), self._customer("Waiting Customer")
        self._invoice(other, 60000)
        # As if the other's tier had not been decided yet: the night will.
        self.env.cr.execute("UPDATE res_partner SET loyalty_tier_id = NULL WHERE id = %s", [other.id])
        other.invalidate_recordset(["loyalty_tier_id"])
        self._invoice(buyer, 25000)
        self.assertEqual(buyer.loyalty_tier_id, self.silver)
        self.assertFalse(other.loyalty_tier_id)
        self._evaluate()
        self.assertEqual(other.loyalty_tier_id, self.gold)

    @freeze_time(DAY)
    def test_where_orders_count_confirming_one_upgrades_at_once(self):
        self.company.crm_suite_analytics_source = "order"
        buyer = self._customer("Order Buyer")
        contact = self.env["res.partner"].create({"name": "Their Purchaser", "parent_id": buyer.id})
        order = self.env["sale.order"].create(
            {
                "partner_id": contact.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 25000, "tax_ids": []})],
            }
        )
        order.action_confirm()
        self.assertEqual(buyer.loyalty_tier_id, self.silver)
        self.assertEqual(buyer.loyalty_period_amount, 25000)

    @freeze_time(DAY)
    def test_a_refund_above_the_maintain_threshold_keeps_the_tier(self):
        customer = self._customer("Small Refund")
        self._invoice(customer, 50000)
        self._invoice(customer, 5000, move_type="out_refund")
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        self.assertFalse(customer.loyalty_tier_below_since)
        self.assertEqual(customer.loyalty_period_amount, 45000)

    def test_a_refund_below_the_maintain_threshold_starts_the_grace_not_a_downgrade(self):
        customer = self._customer("Big Refund")
        with freeze_time(DAY):
            self._invoice(customer, 50000)
            self._invoice(customer, 15000, move_type="out_refund")
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        self.assertEqual(customer.loyalty_tier_below_since, DAY)
        self.assertEqual(customer.loyalty_tier_downgrade_date, DAY + timedelta(days=90))
        with freeze_time(DAY + timedelta(days=89)):
            self._evaluate()
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        with freeze_time(DAY + timedelta(days=90)):
            self._evaluate()
        # 35,000 earns Silver: one level down, the grace is over.
        self.assertEqual(customer.loyalty_tier_id, self.silver)
        self.assertFalse(customer.loyalty_tier_below_since)

    def test_downgrades_go_one_level_per_grace_period(self):
        customer = self._customer("Fading Platinum")
        with freeze_time(DAY):
            self._invoice(customer, 120000)
            self._invoice(customer, 120000, move_type="out_refund")
        self.assertEqual(customer.loyalty_tier_id, self.platinum)
        with freeze_time(DAY + timedelta(days=90)):
            self._evaluate()
            self.assertEqual(customer.loyalty_tier_id, self.gold)
            self.assertEqual(customer.loyalty_tier_below_since, DAY + timedelta(days=90))
        with freeze_time(DAY + timedelta(days=180)):
            self._evaluate()
        self.assertEqual(customer.loyalty_tier_id, self.silver)
        reasons = customer.loyalty_tier_history_ids.sorted("id").mapped("reason")
        self.assertEqual(reasons, ["upgrade", "downgrade", "downgrade"])

    def test_buying_again_during_the_grace_ends_it(self):
        customer = self._customer("Recovered Gold")
        with freeze_time(DAY):
            self._invoice(customer, 50000)
            self._invoice(customer, 15000, move_type="out_refund")
        with freeze_time(DAY + timedelta(days=30)):
            self._invoice(customer, 6000)
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        self.assertFalse(customer.loyalty_tier_below_since)

    @freeze_time(DAY)
    def test_a_second_evaluation_changes_nothing(self):
        customers = self._customer("Steady One") | self._customer("Steady Two")
        self._invoice(customers[0], 60000)
        self._invoice(customers[1], 500)
        History = self.env["crm.suite.loyalty.tier.history"]
        before = History.search_count([("company_id", "=", self.company.id)])
        self.assertFalse(self._evaluate())
        self.assertFalse(self._evaluate())
        self.assertEqual(History.search_count([("company_id", "=", self.company.id)]), before)
        self.assertEqual(customers.mapped("loyalty_tier_id"), self.gold | self.bronze)

    def test_a_manual_tier_holds_until_its_end_date(self):
        customer = self._customer("Favoured Customer")
        with freeze_time(DAY):
            self._invoice(customer, 1000)
            customer.write(
                {
                    "loyalty_tier_override_id": self.platinum.id,
                    "loyalty_tier_override_reason": "Opened our new showroom",
                    "loyalty_tier_override_until": DAY + timedelta(days=30),
                }
            )
        self.assertEqual(customer.loyalty_tier_id, self.platinum)
        manual = customer.loyalty_tier_history_ids.filtered(lambda change: change.reason == "manual")
        self.assertEqual(manual.note, "Opened our new showroom")
        with freeze_time(DAY + timedelta(days=30)):
            self._evaluate()
        self.assertEqual(customer.loyalty_tier_id, self.platinum)
        with freeze_time(DAY + timedelta(days=31)):
            self._evaluate()
        self.assertEqual(customer.loyalty_tier_id, self.bronze)
        self.assertFalse(customer.loyalty_tier_override_id)
        self.assertEqual(customer.loyalty_tier_history_ids[:1].reason, "override_ended")

    @freeze_time(DAY)
    def test_ending_a_manual_tier_puts_back_the_earned_one_at_once(self):
        customer = self._customer("Ended Favour")
        self._invoice(customer, 25000)
        customer.write({"loyalty_tier_override_id": self.gold.id, "loyalty_tier_override_reason": "Trial"})
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        customer.loyalty_tier_override_id = False
        self.assertEqual(customer.loyalty_tier_id, self.silver)

    def test_a_manual_tier_needs_a_reason(self):
        customer = self._customer("No Reason")
        with self.assertRaises(ValidationError):
            customer.write({"loyalty_tier_override_id": self.gold.id})

    def test_keeping_a_tier_cannot_ask_more_than_reaching_it(self):
        with self.assertRaises(ValidationError):
            self.gold.maintain_amount = 60000

    def test_a_tier_needs_something_to_reach(self):
        with self.assertRaises(ValidationError):
            self.env["crm.suite.loyalty.tier"].create({"name": "Free For All"})

    @freeze_time(DAY)
    def test_the_tier_gives_its_priority_to_complaints(self):
        customer = self._customer("Priority Member")
        contact = self.env["res.partner"].create({"name": "Their Buyer", "parent_id": customer.id})
        self.assertEqual(contact._crm_suite_service_priority(), "0")
        self._invoice(customer, 60000)
        self.assertEqual(contact._crm_suite_service_priority(), "2")

    @freeze_time(DAY)
    def test_member_counts_of_several_companies_in_one_list(self):
        self._invoice(self._customer("Counted Member"), 500)
        other_company = self.env["res.company"].create({"name": "Other Tier Traders"})
        other_tier = self.env["crm.suite.loyalty.tier"].create(
            {"name": "Other Bronze", "min_purchases": 1, "company_id": other_company.id}
        )
        other_member = self._customer("Other Member").with_company(other_company)
        other_member.write({"loyalty_tier_override_id": other_tier.id, "loyalty_tier_override_reason": "Test"})
        self.env["crm.suite.loyalty.evaluation"]._evaluate(other_company, other_member.ids)
        tiers = (self.bronze | other_tier).with_context(allowed_company_ids=[self.company.id, other_company.id])
        self.assertEqual(tiers.mapped("member_count"), [1, 1])
