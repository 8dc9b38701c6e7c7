"""The analytics engine's rules, one test each, on one company and its hand-made history.

Longer than 400 lines on purpose: every rule of the figures, ABC, RFM and cost to serve shares
the one setup and its helpers; split, each part would repeat them.
"""

from datetime import date, timedelta

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user, tagged

TODAY = date(2026, 6, 1)


@tagged("post_install", "-at_install")
class TestSegmentation(TransactionCase):
    """Customer figures, ABC, RFM and cost to serve in a company of their own, with hand-made expectations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._new_company("Segment Traders")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.Segmentation = cls.env["crm.suite.segmentation"]
        cls.product = cls.env["product.product"].create({"name": "Mixer Grinder", "type": "service"})
        cls.product.with_company(cls.company).standard_price = 600.0
        cls.manager = new_test_user(
            cls.env,
            login="segment_manager",
            groups="base.group_user,crm_suite.group_crm_suite_manager",
            company_id=cls.company.id,
        )

    @classmethod
    def _new_company(cls, name):
        company = cls.env["res.company"].create({"name": name, "currency_id": cls.env.ref("base.INR").id})
        cls.env.user.company_ids |= company
        cls.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        return company

    def _customers(self, count, prefix="Customer"):
        return self.env["res.partner"].create([{"name": f"{prefix} {index}"} for index in range(1, count + 1)])

    def _invoice(self, partner, day, amount, move_type="out_invoice", quantity=1, currency=None, company=None):
        company = company or self.company
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": quantity,
                                "price_unit": amount / quantity,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _recompute(self):
        self.Segmentation._recompute(companies=self.company)

    def _reminders(self, customer):
        return self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", customer.id)])

    # Figures

    @freeze_time(TODAY)
    def test_credit_notes_net_the_revenue_but_are_no_purchase(self):
        customer = self._customers(1)
        self._invoice(customer, date(2026, 3, 1), 1000.0)
        self._invoice(customer, date(2026, 3, 10), 400.0, move_type="out_refund")
        self._recompute()
        self.assertRecordValues(
            customer,
            [
                {
                    "purchase_count": 1,
                    "period_revenue": 600.0,
                    "lifetime_value": 600.0,
                    "average_order_value": 600.0,
                    "first_purchase_date": date(2026, 3, 1),
                }
            ],
        )

    @freeze_time(TODAY)
    def test_margin_comes_from_the_product_cost(self):
        customer = self._customers(1)
        self._invoice(customer, date(2026, 5, 1), 2000.0, quantity=2)
        self._recompute()
        # 2000 revenue less 2 x 600 cost.
        self.assertRecordValues(customer, [{"period_margin": 800.0, "margin_rate": 40.0}])

    @freeze_time(TODAY)
    def test_foreign_currency_invoices_count_in_company_currency(self):
        euro = self.env.ref("base.EUR")
        euro.active = True
        # 1 INR = 0.01 EUR: 50 EUR are 5000 INR.
        self.env["res.currency.rate"].create(
            {"currency_id": euro.id, "company_id": self.company.id, "name": date(2026, 1, 1), "rate": 0.01}
        )
        customer = self._customers(1)
        self._invoice(customer, date(2026, 4, 1), 50.0, currency=euro)
        self._recompute()
        self.assertEqual(customer.period_revenue, 5000.0)

    @freeze_time(TODAY)
    def test_a_contact_persons_invoices_count_on_their_company(self):
        business = self.env["res.partner"].create({"name": "Deccan Traders", "is_company": True})
        buyer = self.env["res.partner"].create({"name": "Sameer", "parent_id": business.id})
        self._invoice(buyer, date(2026, 5, 1), 700.0)
        self._recompute()
        self.assertRecordValues(business, [{"purchase_count": 1, "period_revenue": 700.0}])
        self.assertEqual(buyer.purchase_count, 0)

    @freeze_time(TODAY)
    def test_figures_are_kept_per_company(self):
        other = self._new_company("Segment Traders West")
        customer = self._customers(1)
        self._invoice(customer, date(2026, 5, 1), 900.0)
        self._invoice(customer, date(2026, 5, 2), 300.0, company=other)
        self._invoice(customer, date(2026, 5, 20), 300.0, company=other)
        self.Segmentation._recompute(companies=self.company | other)
        self.assertRecordValues(customer, [{"purchase_count": 1, "period_revenue": 900.0}])
        self.assertRecordValues(customer.with_company(other), [{"purchase_count": 2, "period_revenue": 600.0}])
        in_other = self.env["res.partner"].with_company(other).search([("purchase_count", "=", 2)])
        self.assertIn(customer, in_other)

    @freeze_time(TODAY)
    def test_usual_interval_gives_the_next_purchase_and_overdue_days(self):
        customer = self._customers(1)
        for day in (date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 2)):
            self._invoice(customer, day, 500.0)
        self._recompute()
        # Every 30 days: due again on 1 April, 61 days ago; 91 days of silence is over 3 x 30.
        self.assertRecordValues(
            customer,
            [
                {
                    "avg_purchase_interval": 30.0,
                    "next_purchase_date": date(2026, 4, 1),
                    "purchase_overdue_days": 61,
                    "lifecycle_stage": "lapsed",
                }
            ],
        )

    @freeze_time(TODAY)
    def test_lifecycle_thresholds_are_exclusive(self):
        self.company.write(
            {"crm_suite_new_customer_days": 30, "crm_suite_at_risk_factor": 1.5, "crm_suite_lapsed_factor": 3.0}
        )
        on_edge, past_edge, lapsed = self._customers(3)
        for customer, last in (
            (on_edge, date(2026, 4, 17)),
            (past_edge, date(2026, 4, 16)),
            (lapsed, date(2026, 3, 1)),
        ):
            self._invoice(customer, last - timedelta(days=30), 100.0)
            self._invoice(customer, last, 100.0)
        self._recompute()
        # Every 30 days: 45 days of silence is still active, 46 at risk, over 90 lapsed.
        self.assertEqual((on_edge | past_edge | lapsed).mapped("lifecycle_stage"), ["active", "at_risk", "lapsed"])

    @freeze_time(TODAY)
    def test_predicted_lifetime_value_follows_its_formula(self):
        loyal, lost = self._customers(2)
        # The previous period's two customers; one came back: retention 50%, lifespan 2 years.
        self._invoice(loyal, date(2025, 3, 1), 1000.0, quantity=1)
        self._invoice(lost, date(2025, 3, 1), 1000.0, quantity=1)
        self._invoice(loyal, date(2026, 3, 1), 1000.0, quantity=1)
        self._recompute()
        self.assertEqual(self.company.crm_suite_retention_rate, 50.0)
        self.assertEqual(self.company.crm_suite_expected_lifespan, 2.0)
        # 1000 per order x 1 order a year x 2 years x 40% margin.
        self.assertAlmostEqual(loyal.purchases_per_year, 1.0, places=2)
        self.assertAlmostEqual(loyal.predicted_lifetime_value, 800.0, places=0)

    @freeze_time(TODAY)
    def test_payment_behaviour(self):
        customer = self._customers(1)
        late = self._invoice(customer, date(2026, 1, 1), 1000.0)
        late.invoice_date_due = date(2026, 1, 31)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=late.ids).create(
            {"payment_date": date(2026, 2, 20)}
        )._create_payments()
        open_invoice = self._invoice(customer, date(2026, 4, 1), 300.0)
        open_invoice.invoice_date_due = date(2026, 5, 1)
        self._recompute()
        self.assertRecordValues(customer, [{"avg_days_to_pay": 50.0, "late_payment_count": 2, "overdue_amount": 300.0}])
        self.assertEqual(customer.usual_payment_journal_id.type, "bank")

    @freeze_time(TODAY)
    def test_confirmed_orders_count_when_the_setting_says_so(self):
        self.company.crm_suite_analytics_source = "order"
        customer = self._customers(1)
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 450.0, "tax_ids": []})],
            }
        )
        order.action_confirm()
        self._recompute()
        self.assertRecordValues(customer, [{"purchase_count": 1, "period_revenue": 450.0}])

    # ABC

    @freeze_time(TODAY)
    def test_abc_boundaries_and_customers_without_a_class(self):
        customers = self._customers(6)
        for customer, amount in zip(customers[:4], (4000.0, 4000.0, 1500.0, 500.0), strict=True):
            self._invoice(customer, date(2026, 5, 1), amount)
        self._invoice(customers[4], date(2026, 5, 1), 800.0, move_type="out_refund")
        self._invoice(customers[5], date(2025, 1, 1), 900.0)  # before the period
        self._recompute()
        # Above each: 0% (the tie), 80%: B, 95%: C; refund-only and out-of-period: no class.
        self.assertEqual(customers.mapped("abc_class"), ["A", "A", "B", "C", False, False])
        self.assertRecordValues(customers[4], [{"purchase_count": 0, "lifetime_value": -800.0}])

    @freeze_time(TODAY)
    def test_abc_tie_crossing_a_boundary_stays_together(self):
        customers = self._customers(4)
        for customer, amount in zip(customers, (3000.0, 3000.0, 3000.0, 1000.0), strict=True):
            self._invoice(customer, date(2026, 5, 1), amount)
        self._recompute()
        # The three equal customers bring 90% together: all A, not two of them.
        self.assertEqual(customers.mapped("abc_class"), ["A", "A", "A", "B"])

    @freeze_time(TODAY)
    def test_abc_by_margin(self):
        self.company.crm_suite_abc_basis = "margin"
        thin, rich = self._customers(2)
        self._invoice(thin, date(2026, 5, 1), 6000.0, quantity=10)  # margin 0
        self._invoice(rich, date(2026, 5, 1), 1000.0)  # margin 400
        self._recompute()
        self.assertEqual((thin | rich).mapped("abc_class"), [False, "A"])

    @freeze_time(TODAY)
    def test_manager_override_holds_until_its_end_date(self):
        big, small = self._customers(2)
        self._invoice(big, date(2026, 5, 1), 9000.0)
        self._invoice(small, date(2026, 5, 1), 1000.0)
        self._recompute()
        self.assertEqual(small.abc_class, "B")
        small.with_user(self.manager).write(
            {"abc_override_class": "A", "abc_override_reason": "Strategic account", "abc_override_until": TODAY}
        )
        self.assertEqual(small.abc_class, "A")
        self._recompute()
        self.assertEqual(small.abc_class, "A")
        History = self.env["crm.suite.abc.history"]
        self.assertRecordValues(
            History.search([("partner_id", "=", small.id)]),
            [{"from_class": False, "to_class": "A", "reason": "Strategic account"}],
        )
        with freeze_time(TODAY + timedelta(days=1)):
            self._recompute()
        self.assertEqual(small.abc_class, "B")
        self.assertEqual(History.search([("partner_id", "=", small.id)], order="date").mapped("to_class"), ["A", "B"])

    def test_abc_thresholds_must_be_ordered(self):
        with self.assertRaises(ValidationError):
            self.company.write({"crm_suite_abc_a_percent": 95.0, "crm_suite_abc_b_percent": 80.0})

    # RFM

    @freeze_time(TODAY)
    def test_rfm_quintiles_on_a_known_set(self):
        customers = self._customers(10)
        for rank, customer in enumerate(customers, start=1):
            # Customer k buys k times, for k x 100 each time, the last time 11 - k weeks ago.
            last = TODAY - timedelta(weeks=11 - rank)
            for purchase in range(rank):
                self._invoice(customer, last - timedelta(days=purchase), rank * 100.0)
        self._recompute()
        self.assertEqual(
            customers.mapped("rfm_score"), ["111", "111", "222", "222", "333", "333", "444", "444", "555", "555"]
        )
        segments = [
            self.env.ref(f"crm_suite.rfm_segment_{name}")
            for name in ("lost", "lost", "hibernating", "hibernating", "loyal", "loyal") + ("champions",) * 4
        ]
        self.assertEqual([customer.rfm_segment for customer in customers], segments)
        labels = dict(customers._fields["rfm_recency_band"]._description_selection(self.env))
        self.assertEqual(
            [labels[customer.rfm_recency_band] for customer in customers[::9]], ["1: longest ago", "5: most recent"]
        )

    @freeze_time(TODAY)
    def test_rfm_ties_share_a_score(self):
        customers = self._customers(4)
        for customer, purchases in zip(customers, (1, 1, 2, 3), strict=True):
            for purchase in range(purchases):
                self._invoice(customer, date(2026, 5, 1) - timedelta(days=purchase), 100.0)
        self._recompute()
        # Frequency positions 1-2 (a tie, scored at 1.5), 3 and 4 of 4: 1 + 5 x (position - 1) / 4.
        self.assertEqual(customers.mapped("rfm_frequency_score"), [1, 1, 3, 4])

    @freeze_time(TODAY)
    def test_users_edit_the_segment_mapping(self):
        customers = self._customers(5)
        for index, customer in enumerate(customers):
            self._invoice(customer, date(2026, 5, 1) - timedelta(days=30 * index), 100.0 * (5 - index))
        self._recompute()
        self.assertEqual(customers[4].rfm_segment, self.env.ref("crm_suite.rfm_segment_lost"))
        self.env.ref("crm_suite.rfm_segment_lost").name = "Gone"
        hibernating = self.env.ref("crm_suite.rfm_segment_hibernating")
        hibernating.write({"recency_min": 1, "sequence": 1})
        self._recompute()
        self.assertEqual(customers[4].rfm_segment, hibernating)

    def test_segment_ranges_stay_within_scores(self):
        with self.assertRaises(ValidationError):
            self.env.ref("crm_suite.rfm_segment_lost").recency_max = 6

    # Cost to serve and service levels

    @freeze_time(TODAY)
    def test_cost_to_serve_applies_unit_costs_to_the_period(self):
        self.company.write({"crm_suite_cost_call": 40.0, "crm_suite_cost_email": 5.0, "crm_suite_cost_visit": 400.0})
        customer = self._customers(1)
        self._invoice(customer, date(2026, 5, 1), 1000.0)
        log_call = Form(self.env["crm.suite.log.call"].with_context(default_partner_id=customer.id))
        log_call.outcome = "reached"
        log_call.save().action_log()
        customer.message_post(body="Your mixer is ready", partner_ids=customer.ids, subtype_xmlid="mail.mt_comment")
        customer.message_post(body="Internal remark", subtype_xmlid="mail.mt_note")
        self._recompute()
        # Margin 400 less one call (40) and one email (5); the note costs nothing.
        self.assertRecordValues(customer, [{"cost_to_serve": 45.0, "profit_after_service": 355.0}])

    @freeze_time(TODAY)
    def test_expected_lifespan_is_capped_at_ten_years(self):
        customers = self._customers(11)
        # Ten of the previous period's eleven customers came back: retention 90.9%, 1 / (1 - r) = 11 years.
        for customer in customers:
            self._invoice(customer, date(2025, 3, 1), 100.0)
        for customer in customers[:10]:
            self._invoice(customer, date(2026, 3, 1), 100.0)
        self._recompute()
        self.assertEqual(self.company.crm_suite_retention_rate, 90.9)
        self.assertEqual(self.company.crm_suite_expected_lifespan, 10.0)

    @freeze_time(TODAY)
    def test_a_done_meeting_costs_a_visit(self):
        self.company.write({"crm_suite_cost_visit": 400.0, "crm_suite_cost_activity": 10.0, "crm_suite_cost_email": 0})
        meeting = self.env["mail.activity.type"].create({"name": "Showroom visit", "category": "meeting"})
        customer = self._customers(1)
        self._invoice(customer, date(2026, 5, 1), 1000.0)
        for activity_type in (meeting, self.env.ref("mail.mail_activity_data_todo")):
            customer.activity_schedule(activity_type_id=activity_type.id, user_id=self.env.user.id)
        customer.activity_ids.action_feedback(feedback="Done")
        self._recompute()
        # One visit (400) and one other activity (10).
        self.assertEqual(customer.cost_to_serve, 410.0)

    @freeze_time(TODAY)
    def test_other_modules_read_the_service_level_of_the_class(self):
        customer = self._customers(1)
        self._invoice(customer, date(2026, 5, 1), 1000.0)
        self._recompute()
        level = self.env["crm.suite.service.level"].create(
            {"company_id": self.company.id, "abc_class": "A", "cost_to_serve_budget": 400.0}
        )
        self.assertEqual(customer._crm_suite_service_level(), level)

    @freeze_time(TODAY)
    def test_cost_to_serve_against_the_class_budget(self):
        self.company.write({"crm_suite_cost_visit": 400.0, "crm_suite_cost_activity": 0, "crm_suite_cost_email": 0})
        meeting = self.env["mail.activity.type"].create({"name": "Site visit", "category": "meeting"})
        visited, quiet = self._customers(2)
        for customer in (visited, quiet):
            self._invoice(customer, date(2026, 5, 1), 1000.0)
        visited.activity_schedule(activity_type_id=meeting.id, user_id=self.env.user.id)
        visited.activity_ids.action_feedback(feedback="Done")
        self.env["crm.suite.service.level"].search([("company_id", "=", self.company.id)]).unlink()
        self.env["crm.suite.service.level"].create(
            {"company_id": self.company.id, "abc_class": "A", "cost_to_serve_budget": 300.0}
        )
        self._recompute()
        self.assertEqual((visited.abc_class, quiet.abc_class), ("A", "A"))
        over = self.env["res.partner"].search([("is_over_service_budget", "=", True)])
        self.assertIn(visited, over)
        self.assertNotIn(quiet, over)
        self.assertTrue(visited.is_over_service_budget)
        self.assertIn(quiet, self.env["res.partner"].search([("is_over_service_budget", "=", False)]))
        report = self.env["crm.suite.service.budget.report"].search(
            [("company_id", "=", self.company.id), ("abc_class", "=", "A")]
        )
        self.assertRecordValues(
            report, [{"customer_count": 2, "budget": 600.0, "cost_to_serve": 400.0, "over_budget_count": 1}]
        )

    # Reminders and reruns

    def test_repurchase_reminder_once_per_overdue_period(self):
        self.company.crm_suite_repurchase_reminder_days = 7
        customer = self._customers(1)
        customer.user_id = self.manager
        with freeze_time("2026-05-01"):
            self._invoice(customer, date(2026, 3, 1), 500.0)
            self._invoice(customer, date(2026, 3, 31), 500.0)
        # Due again on 30 April: not yet 7 days overdue on 6 May, reminded on 7 May, once.
        for day, expected in (("2026-05-06", 0), ("2026-05-07", 1), ("2026-05-20", 1)):
            with freeze_time(day):
                self._recompute()
            reminders = self._reminders(customer)
            self.assertEqual(len(reminders), expected, day)
        self.assertEqual(reminders.user_id, self.manager)
        with freeze_time("2026-05-25"):
            self._invoice(customer, date(2026, 5, 25), 500.0)
        # A new purchase opens a new period: every 42.5 days, due on 7 July, reminded from 14 July.
        with freeze_time("2026-07-13"):
            self._recompute()
        self.assertEqual(len(self._reminders(customer)), 1)
        with freeze_time("2026-07-14"):
            self._recompute()
        reminders = self._reminders(customer)
        self.assertEqual(len(reminders), 2)

    @freeze_time(TODAY)
    def test_lapsed_customers_get_no_reminder(self):
        self.company.write({"crm_suite_repurchase_reminder_days": 7, "crm_suite_lapsed_factor": 3.0})
        customer = self._customers(1)
        self._invoice(customer, date(2026, 1, 1), 500.0)
        self._invoice(customer, date(2026, 1, 31), 500.0)  # every 30 days: lapsed after 90 days of silence
        self._recompute()
        self.assertEqual(customer.lifecycle_stage, "lapsed")
        self.assertFalse(self._reminders(customer))

    @freeze_time(TODAY)
    def test_recompute_twice_changes_nothing_more(self):
        customers = self._customers(3)
        for customer, amount in zip(customers, (5000.0, 3000.0, 100.0), strict=True):
            self._invoice(customer, date(2026, 1, 1), amount)
        self._recompute()
        fields = ["abc_class", "rfm_score", "period_revenue", "lifecycle_stage", "purchase_overdue_days"]
        first = customers.read(fields)
        history_count = self.env["crm.suite.abc.history"].search_count([("partner_id", "in", customers.ids)])
        activity_count = self.env["mail.activity"].search_count([("res_model", "=", "res.partner")])
        self._recompute()
        customers.invalidate_recordset()
        self.assertEqual(customers.read(fields), first)
        self.assertEqual(
            self.env["crm.suite.abc.history"].search_count([("partner_id", "in", customers.ids)]), history_count
        )
        self.assertEqual(self.env["mail.activity"].search_count([("res_model", "=", "res.partner")]), activity_count)

    @freeze_time(TODAY)
    def test_a_cancelled_invoice_takes_its_figures_away(self):
        customer = self._customers(1)
        invoice = self._invoice(customer, date(2026, 5, 1), 1000.0)
        self._recompute()
        self.assertEqual(customer.abc_class, "A")
        invoice.button_draft()
        invoice.button_cancel()
        self._recompute()
        self.assertRecordValues(
            customer, [{"purchase_count": 0, "abc_class": False, "lifecycle_stage": "prospect", "period_revenue": 0.0}]
        )

    @freeze_time(TODAY)
    def test_managers_recompute_now(self):
        customer = self._customers(1)
        self._invoice(customer, date(2026, 5, 1), 1000.0)
        self.env["res.partner"].with_user(self.manager).action_crm_suite_recompute_segmentation()
        self.assertEqual(customer.abc_class, "A")
        self.assertTrue(self.company.crm_suite_segmentation_date)
        salesperson = new_test_user(self.env, login="segment_user", groups="crm_suite.group_crm_suite_user")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(salesperson).action_crm_suite_recompute_segmentation()

    # Settings at other values than their defaults: a constant in the code would fail these

    @freeze_time(TODAY)
    def test_lifecycle_factors_are_the_companys_settings(self):
        self.company.write(
            {"crm_suite_new_customer_days": 30, "crm_suite_at_risk_factor": 2.0, "crm_suite_lapsed_factor": 4.0}
        )
        quiet, at_risk, lapsed = self._customers(3)
        for customer, silence in ((quiet, 50), (at_risk, 100), (lapsed, 130)):
            last = TODAY - timedelta(days=silence)
            self._invoice(customer, last - timedelta(days=30), 100.0)
            self._invoice(customer, last, 100.0)
        self._recompute()
        # Every 30 days: at risk after 60 days of silence (not 45), lapsed after 120 (not 90).
        self.assertEqual((quiet | at_risk | lapsed).mapped("lifecycle_stage"), ["active", "at_risk", "lapsed"])

    @freeze_time(TODAY)
    def test_one_purchase_follows_the_default_interval_setting(self):
        self.company.write({"crm_suite_new_customer_days": 30, "crm_suite_default_purchase_interval": 45})
        customer = self._customers(1)
        self._invoice(customer, date(2026, 3, 1), 500.0)
        self._recompute()
        # 1 March + 45 days; 92 days of silence is over 1.5 x 45 (with 90 days it would be active).
        self.assertRecordValues(
            customer,
            [{"next_purchase_date": date(2026, 4, 15), "purchase_overdue_days": 47, "lifecycle_stage": "at_risk"}],
        )

    def test_repurchase_reminder_follows_the_days_setting(self):
        self.company.crm_suite_repurchase_reminder_days = 3
        customer = self._customers(1)
        customer.user_id = self.manager
        with freeze_time("2026-05-01"):
            self._invoice(customer, date(2026, 3, 1), 500.0)
            self._invoice(customer, date(2026, 3, 31), 500.0)
        # Due again on 30 April: 2 days overdue on 2 May, 3 on 3 May.
        for day, expected in (("2026-05-02", 0), ("2026-05-03", 1)):
            with freeze_time(day):
                self._recompute()
            self.assertEqual(len(self._reminders(customer)), expected, day)

    @freeze_time(TODAY)
    def test_the_period_is_the_months_setting(self):
        self.company.crm_suite_segmentation_months = 3
        recent, former = self._customers(2)
        self._invoice(recent, date(2026, 2, 1), 1000.0)  # four months ago: before the period
        self._invoice(recent, date(2026, 5, 1), 300.0)
        self._invoice(former, date(2026, 2, 1), 900.0)
        self._recompute()
        self.assertRecordValues(
            recent | former,
            [
                {"period_revenue": 300.0, "period_purchase_count": 1, "lifetime_value": 1300.0, "abc_class": "A"},
                {"period_revenue": 0.0, "period_purchase_count": 0, "lifetime_value": 900.0, "abc_class": False},
            ],
        )

    @freeze_time(TODAY)
    def test_abc_limits_are_the_companys_settings(self):
        self.company.write({"crm_suite_abc_a_percent": 50.0, "crm_suite_abc_b_percent": 90.0})
        customers = self._customers(4)
        for customer, amount in zip(customers, (5000.0, 3000.0, 1500.0, 500.0), strict=True):
            self._invoice(customer, date(2026, 5, 1), amount)
        self._recompute()
        # Above each: 0%: A; 50%: B (A at 80%); 80%: B; 95%: C.
        self.assertEqual(customers.mapped("abc_class"), ["A", "B", "B", "C"])

    # What the README promises of the figures and segments

    @freeze_time(TODAY)
    def test_top_three_categories_by_revenue(self):
        customer = self._customers(1)
        lines = []
        for name, amount in (("Fans", 400.0), ("Mixers", 1000.0), ("Lights", 100.0), ("Stoves", 700.0)):
            category = self.env["product.category"].create({"name": name})
            product = self.env["product.product"].create({"name": name, "type": "service", "categ_id": category.id})
            lines.append(Command.create({"product_id": product.id, "price_unit": amount, "tax_ids": [Command.clear()]}))
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": date(2026, 5, 1),
                "invoice_line_ids": lines,
            }
        )
        invoice.action_post()
        self._recompute()
        self.assertEqual(customer.top_category_names, "Mixers, Stoves, Fans")

    @freeze_time(TODAY)
    def test_segment_takes_the_mean_of_frequency_and_monetary_rounded_down(self):
        # Five customers, all different: each score is the customer's rank, 1 to 5.
        # (last purchase day, number of purchases, revenue)
        plans = [(1, 1, 100.0), (2, 3, 200.0), (3, 4, 400.0), (4, 2, 300.0), (5, 5, 500.0)]
        customers = self._customers(5)
        for customer, (day, purchases, revenue) in zip(customers, plans, strict=True):
            for purchase in range(purchases):
                self._invoice(customer, date(2026, 5, day) - timedelta(days=10 * purchase), revenue / purchases)
        self._recompute()
        mean_of_two_and_three = customers[3]
        self.assertEqual(mean_of_two_and_three.rfm_score, "423")
        # F and M average 2.5: 2 names them Potential Loyalist; rounded up, 3 would make them Loyal.
        self.assertEqual(mean_of_two_and_three.rfm_segment, self.env.ref("crm_suite.rfm_segment_potential_loyalist"))

    @freeze_time(TODAY)
    def test_a_second_recompute_rewrites_no_unchanged_customer(self):
        customers = self._customers(3)
        for customer, amount in zip(customers, (5000.0, 3000.0, 100.0), strict=True):
            self._invoice(customer, date(2026, 5, 1), amount)
        self._recompute()

        def row_versions():
            # Every UPDATE of a row writes a new version of it, at a new ctid, even with the same values.
            self.env.cr.execute(
                "SELECT id, ctid::text FROM res_partner WHERE id = ANY(%s) ORDER BY id", [customers.ids]
            )
            return dict(self.env.cr.fetchall())

        first = row_versions()
        self._recompute()
        self.assertEqual(row_versions(), first)
        self._invoice(customers[2], date(2026, 5, 20), 100.0)
        self._recompute()
        second = row_versions()
        self.assertNotEqual(second[customers[2].id], first[customers[2].id], "a customer whose figures changed")

    # Query counts

    def _open_form(self, partner):
        self.env.invalidate_all()
        Form(partner)

    def _list(self, customers):
        self.env.invalidate_all()
        arch = etree.fromstring(self.env.ref("crm_suite.view_partner_analytics_list").arch)
        specification = {node.get("name"): {} for node in arch.iter("field")}
        self.env["res.partner"].web_search_read([("id", "in", customers.ids)], specification)

    @freeze_time(TODAY)
    def test_customer_form_queries_do_not_grow_with_invoices(self):
        occasional, frequent = self._customers(2)
        self._invoice(occasional, date(2026, 5, 1), 100.0)
        for day in range(1, 9):
            self._invoice(frequent, date(2026, 4, day), 100.0)
        self._recompute()
        self._open_form(occasional)  # views and caches warm
        self.env.flush_all()
        start = self.cr.sql_log_count
        self._open_form(occasional)
        queries = self.cr.sql_log_count - start
        with self.assertQueryCount(queries):
            self._open_form(frequent)

    @freeze_time(TODAY)
    def test_customer_list_queries_do_not_grow_with_customers_or_invoices(self):
        customers = self._customers(80)
        for index, customer in enumerate(customers[:4]):
            for day in range(1, index + 3):
                self._invoice(customer, date(2026, 4, day), 100.0 * day)
        self._recompute()
        self._list(customers[-20:])  # views and caches warm
        self.env.flush_all()
        start = self.cr.sql_log_count
        self._list(customers[-20:])
        queries = self.cr.sql_log_count - start
        with self.assertQueryCount(queries):
            self._list(customers)
