from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..occasion_rules import next_occurrence


@tagged("post_install", "-at_install")
class TestProfile(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Anita Desai",
                "email": "anita@example.in",
                "birthday": date(1988, 5, 4),
                "family_member_ids": [
                    Command.create({"name": "Kabir Desai", "relation": "child", "birthday": date(2016, 1, 9)})
                ],
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Helmet", "type": "consu", "invoice_policy": "order", "list_price": 1850.0}
        )
        cls.plain_salesperson = new_test_user(
            cls.env, login="profile_plain", groups="base.group_user,crm_suite.group_crm_suite_user"
        )
        cls.trusted_salesperson = new_test_user(
            cls.env,
            login="profile_trusted",
            groups="base.group_user,crm_suite.group_crm_suite_user,crm_suite.group_crm_suite_personal_data",
        )

    # Personal data
    def test_personal_data_is_hidden_without_the_group(self):
        customer = self.customer.with_user(self.plain_salesperson)
        self.assertEqual(customer.read(["preferred_channel"])[0]["preferred_channel"], "email")
        with self.assertRaises(AccessError):
            customer.read(["birthday"])
        with self.assertRaises(AccessError):
            self.env["crm.suite.family.member"].with_user(self.plain_salesperson).search([]).read(["name"])

    def test_interests_are_personal_data(self):
        reading = self.env["crm.suite.interest"].create({"name": "Carnatic music"})
        self.customer.interest_ids = reading
        with self.assertRaises(AccessError):
            self.customer.with_user(self.plain_salesperson).read(["interest_ids"])
        trusted = self.customer.with_user(self.trusted_salesperson).read(["interest_ids"])
        self.assertEqual(trusted[0]["interest_ids"], reading.ids)

    def test_personal_data_group_reads_and_edits_the_family(self):
        customer = self.customer.with_user(self.trusted_salesperson)
        self.assertEqual(customer.family_member_ids.name, "Kabir Desai")
        customer.family_member_ids.birthday = date(2016, 1, 10)
        self.assertEqual(customer.family_member_ids.birthday_key, 110)

    def test_privacy_lookup_finds_the_family_and_erases_it(self):
        wizard = self.env["privacy.lookup.wizard"].create({"name": "Anita Desai", "email": "anita@example.in"})
        wizard.action_lookup()
        member_lines = wizard.line_ids.filtered(lambda line: line.res_model == "crm.suite.family.member")
        self.assertEqual(member_lines.res_id, self.customer.family_member_ids.id)
        member_lines.action_unlink()
        self.assertFalse(self.customer.family_member_ids)

    def test_privacy_lookup_lists_the_greetings(self):
        greeting = self.env["crm.suite.greeting"].create(
            {
                "partner_id": self.customer.id,
                "occasion": "birthday",
                "date": date(2026, 5, 4),
                "year": 2026,
                "channel": "email",
                "state": "sent",
            }
        )
        wizard = self.env["privacy.lookup.wizard"].create({"name": "Anita Desai", "email": "anita@example.in"})
        wizard.action_lookup()
        greeting_lines = wizard.line_ids.filtered(lambda line: line.res_model == "crm.suite.greeting")
        self.assertEqual(greeting_lines.res_id, greeting.id)
        greeting_lines.action_unlink()
        self.assertFalse(greeting.exists())

    def test_privacy_lookup_finds_a_family_member_by_name(self):
        wizard = self.env["privacy.lookup.wizard"].create({"name": "Kabir Desai", "email": "kabir@example.in"})
        wizard.action_lookup()
        self.assertIn("crm.suite.family.member", wizard.line_ids.mapped("res_model"))

    # Consent
    def test_marketing_reach_needs_consent_and_no_blacklist(self):
        self.assertFalse(self.customer.can_email_marketing)
        self.customer.consent_email = True
        self.assertTrue(self.customer.can_email_marketing)
        self.env["mail.blacklist"]._add("anita@example.in")
        self.customer.invalidate_recordset(["is_blacklisted", "can_email_marketing"])
        self.assertFalse(self.customer.can_email_marketing)

    def test_can_be_texted_needs_sms_consent_a_number_and_no_phone_blacklist(self):
        Partner = self.env["res.partner"]
        self.customer.write({"phone": "+91 98220 14521", "consent_email": True})
        self.assertFalse(self.customer.can_sms_marketing, "email consent is not SMS consent")
        self.customer.consent_sms = True
        self.assertTrue(self.customer.can_sms_marketing)
        self.assertIn(self.customer, Partner.search([("can_sms_marketing", "=", True)]))
        self.assertNotIn(self.customer, Partner.search([("can_sms_marketing", "=", False)]))
        self.env["phone.blacklist"]._add(["+919822014521"])
        self.customer.invalidate_recordset(["phone_sanitized_blacklisted", "can_sms_marketing"])
        self.assertFalse(self.customer.can_sms_marketing)
        self.assertTrue(self.customer.can_email_marketing, "the phone blacklist stops SMS only")
        self.assertNotIn(self.customer, Partner.search([("can_sms_marketing", "=", True)]))
        self.assertIn(self.customer, Partner.search([("can_sms_marketing", "=", False)]))

    # Customer status
    def test_confirmed_sale_makes_a_potential_customer_existing(self):
        self.assertEqual(self.customer.customer_status, "potential")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertEqual(self.customer.customer_status, "potential")
        with freeze_time("2026-05-10"):
            order.action_confirm()
        self.assertEqual(self.customer.customer_status, "existing")
        self.assertEqual(self.customer.customer_since_date, date(2026, 5, 10))
        self.assertIn(order.name, self.customer.message_ids[0].body)

    def test_posted_invoice_of_a_contact_makes_their_company_existing(self):
        company = self.env["res.partner"].create({"name": "Desai Traders", "is_company": True})
        self.customer.parent_id = company
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 4, 1),
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 1000.0})],
            }
        )
        invoice.action_post()
        self.assertEqual(company.customer_status, "existing")
        self.assertEqual(company.customer_since_date, date(2026, 4, 1))

    def test_posted_invoices_and_credit_notes_show_on_the_customers_timeline(self):
        company = self.env["res.partner"].create({"name": "Desai Traders", "is_company": True})
        self.customer.parent_id = company

        def move(move_type):
            return self.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": self.customer.id,
                    "invoice_date": date(2026, 4, 1),
                    "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 1000.0})],
                }
            )

        def timeline_notes(text):
            return company.message_ids.filtered(lambda message: text in str(message.body))

        invoice, credit_note = move("out_invoice"), move("out_refund")
        self.assertFalse(timeline_notes("posted"), "a draft is not on the timeline")
        (invoice | credit_note).action_post()
        note = timeline_notes(f"Invoice {invoice.name} posted")
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"), "a note: the customer is not mailed")
        self.assertEqual(len(timeline_notes(f"Credit note {credit_note.name} posted")), 1)

    # Lifecycle
    def _invoice(self, partner, day):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 500.0})],
            }
        )
        invoice.action_post()

    @freeze_time("2026-06-01")
    def test_lifecycle_follows_each_customers_own_rhythm(self):
        self.env.company.write(
            {
                "crm_suite_new_customer_days": 90,
                "crm_suite_default_purchase_interval": 90,
                "crm_suite_at_risk_factor": 1.5,
                "crm_suite_lapsed_factor": 3.0,
            }
        )
        Partner = self.env["res.partner"]
        monthly, lapsed, newcomer = Partner.create([{"name": "Monthly"}, {"name": "Gone"}, {"name": "Newcomer"}])
        for day in (date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 2), date(2026, 4, 1)):
            self._invoice(monthly, day)  # every 30 days, silent for 61 > 45
        self._invoice(lapsed, date(2025, 1, 1))
        self._invoice(lapsed, date(2025, 2, 1))  # every 31 days, silent for 485
        self._invoice(newcomer, date(2026, 5, 1))
        prospect = Partner.create({"name": "Just looking"})
        self.env["crm.suite.segmentation"]._recompute()
        self.assertRecordValues(
            monthly | lapsed | newcomer | prospect,
            [
                {"lifecycle_stage": "at_risk", "purchase_count": 4, "avg_purchase_interval": 30.0},
                {"lifecycle_stage": "lapsed", "purchase_count": 2, "avg_purchase_interval": 31.0},
                {"lifecycle_stage": "new", "purchase_count": 1, "avg_purchase_interval": 0.0},
                {"lifecycle_stage": "prospect", "purchase_count": 0, "avg_purchase_interval": 0.0},
            ],
        )
        self.assertEqual(monthly.last_purchase_date, date(2026, 4, 1))

    @freeze_time("2026-06-01")
    def test_lifecycle_refresh_twice_gives_the_same_result(self):
        self._invoice(self.customer, date(2026, 5, 20))
        self.env["crm.suite.segmentation"]._recompute()
        first = self.customer.read(["lifecycle_stage", "purchase_count", "first_purchase_date"])
        self.env["crm.suite.segmentation"]._recompute()
        self.assertEqual(self.customer.read(["lifecycle_stage", "purchase_count", "first_purchase_date"]), first)

    # Relationship record
    def test_message_to_the_customer_counts_as_contact_but_a_note_does_not(self):
        with freeze_time("2026-05-01 10:00:00"):
            self.customer.message_post(body="Internal remark", subtype_xmlid="mail.mt_note", message_type="comment")
        self.assertFalse(self.customer.last_contact_datetime)
        with freeze_time("2026-05-02 10:00:00"):
            self.customer.message_post(
                body="Your order is ready", subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        self.assertEqual(str(self.customer.last_contact_datetime), "2026-05-02 10:00:00")

    def test_days_since_last_contact_refreshes_daily(self):
        with freeze_time("2026-05-02 10:00:00"):
            self.customer.message_post(body="Hello", subtype_xmlid="mail.mt_comment", message_type="comment")
        with freeze_time("2026-05-09 08:00:00"):
            self.env["crm.suite.segmentation"]._recompute()
        self.assertEqual(self.customer.days_since_last_contact, 7)
        with freeze_time("2026-05-09 20:00:00"):
            self.env.flush_all()
            self.env["crm.suite.segmentation"]._refresh_days_since_last_contact()
            self.assertEqual(self.env.cr.rowcount, 0, "a second run the same day rewrites nobody")

    @freeze_time("2026-05-03 11:00:00")
    def test_log_a_call_records_the_outcome_and_a_follow_up(self):
        action = self.customer.with_user(self.plain_salesperson).action_log_call()
        wizard_form = Form(
            self.env[action["res_model"]].with_user(self.plain_salesperson).with_context(**action["context"])
        )
        wizard_form.outcome = "call_back"
        wizard_form.follow_up_date = date(2026, 5, 6)
        wizard_form.save().action_log()
        done = self.customer.message_ids.filtered("mail_activity_type_id")[:1]
        self.assertEqual(done.mail_activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn("Asked to call back", done.body)
        self.assertEqual(str(self.customer.last_contact_datetime), "2026-05-03 11:00:00")
        self.assertEqual(self.customer.activity_ids.date_deadline, date(2026, 5, 6))

    # Lost to competitors
    def test_lost_opportunity_records_the_competitor_who_won(self):
        competitor = self.env["crm.suite.competitor"].create({"name": "Bazaar Direct"})
        lead = self._lose_opportunity(competitor)
        self.assertEqual((lead.won_status, lead.lost_competitor_id), ("lost", competitor))

    def _lose_opportunity(self, competitor, partner=None, user=None):
        lead = self.env["crm.lead"].create(
            {
                "name": "TV",
                "type": "opportunity",
                "partner_id": (partner or self.customer).id,
                "user_id": (user or self.env.user).id,
                "expected_revenue": 40000,
            }
        )
        self.env["crm.lead.lost"].create(
            {
                "lead_ids": lead.ids,
                "lost_reason_id": self.env.ref("crm.lost_reason_1").id,
                "lost_competitor_id": competitor.id,
            }
        ).action_lost_reason_apply()
        return lead

    def test_the_lost_business_report_counts_lost_opportunities_and_lost_customers(self):
        competitor = self.env["crm.suite.competitor"].create({"name": "Bazaar Direct"})
        salesperson = new_test_user(self.env, login="lost_salesperson", groups="crm_suite.group_crm_suite_user")
        regular = self.env["res.partner"].create({"name": "Regular Rao", "user_id": salesperson.id})
        regular._mark_as_customer(date(2025, 1, 10))
        lead = self._lose_opportunity(competitor, partner=regular, user=salesperson)
        wizard = (
            self.env["crm.suite.mark.lost"]
            .with_user(salesperson)
            .with_context(active_model="res.partner", active_ids=regular.ids)
            .create({"lost_reason_id": self.env.ref("crm.lost_reason_3").id, "competitor_id": competitor.id})
        )
        wizard.action_mark_lost()
        loss = self.env["crm.suite.customer.loss"].search([("partner_id", "=", regular.id)])
        self.assertRecordValues(loss, [{"competitor_id": competitor.id, "create_uid": salesperson.id}])
        self.assertIn("Marked lost to Bazaar Direct", regular.message_ids[:1].body)
        report = self.env["crm.suite.lost.business"].with_user(salesperson)
        rows = report.search([("competitor_id", "=", competitor.id)])
        self.assertEqual(
            sorted((row.kind, row.partner_id.id, row.lead_id.id) for row in rows),
            [("customer", regular.id, False), ("opportunity", regular.id, lead.id)],
        )
        self.assertEqual(
            report.formatted_read_group([("competitor_id", "=", competitor.id)], ["competitor_id"], ["__count"])[0][
                "__count"
            ],
            2,
        )
        other = new_test_user(self.env, login="lost_other_salesperson", groups="crm_suite.group_crm_suite_user")
        self.assertFalse(
            self.env["crm.suite.lost.business"].with_user(other).search([("competitor_id", "=", competitor.id)]),
            "a salesperson sees the business lost of their own customers, as Odoo's opportunities",
        )

    def test_a_contact_who_never_bought_is_not_a_lost_customer(self):
        prospect = self.env["res.partner"].create({"name": "Prospect Pillai"})
        wizard = (
            self.env["crm.suite.mark.lost"]
            .with_context(active_model="res.partner", active_ids=prospect.ids)
            .create({"lost_reason_id": self.env.ref("crm.lost_reason_1").id})
        )
        with self.assertRaisesRegex(UserError, "never bought"):
            wizard.action_mark_lost()

    # Upcoming occasions
    def test_upcoming_occasions_lists_the_next_occurrence(self):
        # The view counts from the database's own date: compare with the pure rule on it.
        today = self.env.cr.now().date()
        self.customer.anniversary_date = date(2012, 2, 29)
        occasions = self.env["crm.suite.occasion"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            {occasion.occasion: occasion.occasion_date for occasion in occasions},
            {
                "birthday": next_occurrence(date(1988, 5, 4), today),
                "anniversary": next_occurrence(date(2012, 2, 29), today),
                "family_birthday": next_occurrence(date(2016, 1, 9), today),
            },
        )
        self.assertTrue(all(0 <= (occasion.occasion_date - today).days <= 366 for occasion in occasions))

    def test_upcoming_occasions_of_a_common_year_feb29_fall_on_feb28(self):
        self.customer.anniversary_date = date(2012, 2, 29)
        occasion = self.env["crm.suite.occasion"].search(
            [("partner_id", "=", self.customer.id), ("occasion", "=", "anniversary")]
        )
        year = occasion.occasion_date.year
        is_leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        self.assertEqual((occasion.occasion_date.month, occasion.occasion_date.day), (2, 29 if is_leap else 28))

    @freeze_time("2026-12-01")
    def test_occasions_in_the_future_are_refused(self):
        for values in ({"birthday": date(2026, 12, 2)}, {"anniversary_date": date(2027, 1, 1)}):
            with self.assertRaises(ValidationError):
                self.customer.write(values)
        with self.assertRaises(ValidationError):
            self.customer.family_member_ids.birthday = date(2026, 12, 5)
        self.customer.write({"birthday": date(2026, 12, 1), "anniversary_date": date(2015, 2, 14)})
        self.assertEqual(self.customer.birthday, date(2026, 12, 1), "born today is fine")

    def test_a_customer_added_from_the_crm_is_a_person(self):
        action = self.env.ref("crm_suite.action_crm_suite_customers")
        context = safe_eval(action.context)
        with Form(self.env["res.partner"].with_context(**context)) as new_customer:
            new_customer.name = "Walk-in Buyer"
        self.assertFalse(new_customer.record.is_company)
        self.assertEqual(new_customer.record.customer_rank, 1)

    def test_portal_access_keeps_the_customers_zone_or_gives_the_business_one(self):
        self.env.company.partner_id.tz = "Asia/Kolkata"
        zoned = self.env["res.partner"].create({"name": "Zoned", "email": "zoned@example.in", "tz": "Asia/Dubai"})
        unzoned = self.env["res.partner"].create({"name": "Unzoned", "email": "unzoned@example.in", "tz": False})
        wizard = self.env["portal.wizard"].with_context(active_ids=(zoned | unzoned).ids).create({})
        for line in wizard.user_ids:
            line.action_grant_access()
        self.assertEqual((zoned.tz, unzoned.tz), ("Asia/Dubai", "Asia/Kolkata"))
        self.assertTrue(unzoned.user_ids.share)
