from datetime import date
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.crm_suite_greeting import CrmSuiteGreeting


@tagged("post_install", "-at_install")
class TestGreetings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "crm_suite_birthday_greeting": "send",
                "crm_suite_anniversary_greeting": "send",
                "crm_suite_family_birthday_greeting": "send",
                "crm_suite_greeting_hour": 9,
            }
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="greeting_salesperson",
            groups="crm_suite.group_crm_suite_user,crm_suite.group_crm_suite_personal_data",
        )
        cls.meera = cls.env["res.partner"].create(
            {
                "name": "Meera Kulkarni",
                "email": "meera@example.in",
                "tz": "Asia/Kolkata",
                "birthday": date(1985, 3, 15),
                "user_id": cls.salesperson.id,
            }
        )
        cls.env["res.partner"].search([("birthday_key", "!=", 0), ("id", "!=", cls.meera.id)]).birthday = False
        cls.env["res.partner"].search([("anniversary_key", "!=", 0)]).anniversary_date = False
        cls.env["crm.suite.family.member"].search([]).unlink()

    def _greetings(self, partner=None):
        return self.env["crm.suite.greeting"].search([("partner_id", "=", (partner or self.meera).id)])

    def _run_cron(self):
        self.env["crm.suite.greeting"]._send_due_greetings()

    @freeze_time("2026-03-15 04:00:00")  # 09:30 in Pune
    def test_birthday_email_is_sent_from_the_greeting_not_the_shared_chatter(self):
        self._run_cron()
        greeting = self._greetings()
        self.assertRecordValues(
            greeting,
            [{"occasion": "birthday", "date": date(2026, 3, 15), "year": 2026, "channel": "email", "state": "sent"}],
        )
        # The contact's chatter is every employee's; the greeting is the Personal Data group's.
        self.assertEqual((greeting.message_id.model, greeting.message_id.res_id), ("crm.suite.greeting", greeting.id))
        self.assertFalse(self.meera.message_ids.filtered(lambda message: "birthday" in (message.subject or "")))
        self.assertEqual(greeting.message_id.subject, "Happy birthday, Meera Kulkarni!")
        self.assertIn(self.meera, greeting.message_id.partner_ids)
        employee = new_test_user(self.env, login="greeting_employee", groups="crm_suite.group_crm_suite_user")
        self.assertFalse(self.env["crm.suite.greeting"].with_user(employee).has_access("read"))

    @freeze_time("2026-03-15 04:00:00")
    def test_second_run_sends_nothing_more(self):
        self._run_cron()
        messages = self.meera.message_ids
        self._run_cron()
        self.assertEqual(len(self._greetings()), 1)
        self.assertEqual(self.meera.message_ids, messages)

    @freeze_time("2026-03-15 04:00:00")
    def test_claim_held_by_a_concurrent_run_blocks_the_greeting(self):
        # What a concurrent run leaves once it commits: the row for this year's birthday.
        self.env["crm.suite.greeting"].create(
            {
                "partner_id": self.meera.id,
                "occasion": "birthday",
                "date": date(2026, 3, 15),
                "year": 2026,
                "channel": "email",
                "state": "sent",
            }
        )
        messages = self.meera.message_ids
        self._run_cron()
        self.assertEqual(len(self._greetings()), 1)
        self.assertEqual(self.meera.message_ids, messages)

    def test_database_refuses_a_second_greeting_for_the_same_year(self):
        values = {"partner_id": self.meera.id, "occasion": "birthday", "date": date(2026, 3, 15), "year": 2026}
        self.env["crm.suite.greeting"].create({**values, "channel": "email"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["crm.suite.greeting"].create({**values, "channel": "sms"})

    @freeze_time("2026-03-15 04:00:00")
    def test_crash_while_sending_leaves_the_occasion_for_the_next_run(self):
        with (
            patch.object(CrmSuiteGreeting, "_send_email", side_effect=RuntimeError("SMTP down")),
            mute_logger("odoo.addons.crm_suite.batch"),
        ):
            self._run_cron()
        self.assertFalse(self._greetings())
        self._run_cron()
        self.assertEqual(self._greetings().state, "sent")

    @freeze_time("2026-03-15 04:00:00")
    def test_one_bad_occasion_does_not_stop_the_others(self):
        ravi = self.meera.copy({"name": "Ravi Iyer", "email": "ravi@example.in"})
        ravi.birthday = date(1990, 3, 15)
        original = CrmSuiteGreeting._send_email

        def fail_for_meera(greeting):
            if greeting.partner_id == self.meera:
                raise RuntimeError("bad address")
            return original(greeting)

        with (
            patch.object(CrmSuiteGreeting, "_send_email", fail_for_meera),
            mute_logger("odoo.addons.crm_suite.batch"),
        ):
            self._run_cron()
        self.assertEqual(self._greetings(ravi).state, "sent")

    @freeze_time("2026-03-14 20:00:00")  # 01:30 on the 15th in Pune: birthday, but too early
    def test_greeting_waits_for_the_greeting_hour_of_the_customer(self):
        self._run_cron()
        self.assertFalse(self._greetings())

    @freeze_time("2026-03-16 01:00:00")  # still 18:00 on the 15th in Los Angeles
    def test_west_of_utc_the_birthday_is_still_today_after_utc_midnight(self):
        self.meera.tz = "America/Los_Angeles"
        self._run_cron()
        self.assertEqual(self._greetings().date, date(2026, 3, 15))

    @freeze_time("2026-03-15 10:00:00")  # 03:00 in Los Angeles: not their morning yet
    def test_west_of_utc_the_greeting_waits_for_their_morning(self):
        self.meera.tz = "America/Los_Angeles"
        self._run_cron()
        self.assertFalse(self._greetings())

    @freeze_time("2027-02-28 06:00:00")
    def test_feb29_birthday_greeted_on_feb28_in_common_year(self):
        self.meera.birthday = date(1980, 2, 29)
        self._run_cron()
        self.assertEqual(self._greetings().date, date(2027, 2, 28))

    @freeze_time("2028-02-28 06:00:00")
    def test_feb29_birthday_not_greeted_on_feb28_in_leap_year(self):
        self.meera.birthday = date(1980, 2, 29)
        self._run_cron()
        self.assertFalse(self._greetings())

    @freeze_time("2028-02-29 06:00:00")
    def test_feb29_birthday_greeted_on_feb29_in_leap_year(self):
        self.meera.birthday = date(1980, 2, 29)
        self._run_cron()
        self.assertEqual(self._greetings().date, date(2028, 2, 29))

    @freeze_time("2026-03-15 04:00:00")
    def test_opted_out_blacklisted_archived_deceased_and_companies_get_none(self):
        Partner = self.env["res.partner"]
        base = {"birthday": date(1980, 3, 15), "tz": "Asia/Kolkata"}
        self.meera.greetings_opt_out = True
        blacklisted = Partner.create({**base, "name": "Blacklisted", "email": "blocked@example.in"})
        self.env["mail.blacklist"]._add("blocked@example.in")
        archived = Partner.create({**base, "name": "Archived", "email": "old@example.in", "active": False})
        deceased = Partner.create({**base, "name": "Deceased", "email": "late@example.in", "is_deceased": True})
        company = Partner.create({**base, "name": "Founded Ltd", "email": "hq@example.in", "is_company": True})
        no_email = Partner.create({**base, "name": "No Address"})
        self._run_cron()
        greeted = self.env["crm.suite.greeting"].search([]).partner_id
        self.assertFalse(greeted & (self.meera | blacklisted | archived | deceased | company | no_email))

    @freeze_time("2026-03-15 04:00:00")
    def test_hindi_speaking_customer_gets_the_hindi_greeting(self):
        self.env["res.lang"]._activate_lang("hi_IN")
        self.env["ir.module.module"]._load_module_terms(["crm_suite"], ["hi_IN"], overwrite=True)
        self.meera.lang = "hi_IN"
        self._run_cron()
        self.assertEqual(self._greetings().message_id.subject, "जन्मदिन की हार्दिक शुभकामनाएँ, Meera Kulkarni!")

    @freeze_time("2026-03-15 04:00:00")
    def test_preferred_sms_sends_an_sms(self):
        self.meera.write({"preferred_channel": "sms", "phone": "+91 98220 14521"})
        self._run_cron()
        greeting = self._greetings()
        self.assertEqual((greeting.channel, greeting.state), ("sms", "sent"))
        sms = self.env["sms.sms"].search([("mail_message_id", "=", greeting.message_id.id)])
        self.assertEqual(sms.number, "+919822014521")
        self.assertIn("Meera Kulkarni", sms.body)
        self.assertEqual(sms.state, "outgoing", "queued: Odoo's SMS queue sends it once this transaction commits")

    @freeze_time("2026-03-15 04:00:00")
    def test_personal_touch_asks_the_salesperson_to_call(self):
        self.company.crm_suite_birthday_greeting = "activity"
        self._run_cron()
        greeting = self._greetings()
        self.assertEqual((greeting.channel, greeting.state), ("activity", "scheduled"))
        self.assertEqual(greeting.activity_id.user_id, self.salesperson)
        self.assertEqual(greeting.activity_id.summary, "Call Meera Kulkarni for the birthday")
        self.assertEqual(greeting.activity_id.date_deadline, date(2026, 3, 15))
        self.assertEqual(greeting.activity_id.res_model, "crm.suite.greeting", "off the contact's shared chatter")

    @freeze_time("2026-03-15 04:00:00")
    def test_call_goes_to_the_greeting_caller_when_the_salesperson_may_not_see_personal_data(self):
        self.company.crm_suite_birthday_greeting = "activity"
        self.salesperson.group_ids -= self.env.ref("crm_suite.group_crm_suite_personal_data")
        self._run_cron()
        self.assertFalse(self._greetings(), "nobody who may see the birthday is there to call")
        caller = new_test_user(
            self.env, login="greeting_caller", groups="base.group_user,crm_suite.group_crm_suite_personal_data"
        )
        self.company.crm_suite_greeting_user_id = caller
        self._run_cron()
        self.assertEqual(self._greetings().activity_id.user_id, caller)

    @freeze_time("2026-03-15 04:00:00")
    def test_whatsapp_preference_becomes_a_call_by_the_salesperson(self):
        self.meera.preferred_channel = "whatsapp"
        self._run_cron()
        self.assertEqual(self._greetings().channel, "activity")

    @freeze_time("2026-03-15 04:00:00")
    def test_switched_off_occasion_is_not_greeted(self):
        self.company.crm_suite_birthday_greeting = "off"
        self._run_cron()
        self.assertFalse(self._greetings())

    @freeze_time("2026-07-02 05:00:00")
    def test_family_birthday_and_anniversary_are_greeted_separately(self):
        self.meera.anniversary_date = date(2010, 7, 2)
        aarav = self.env["crm.suite.family.member"].create(
            {"partner_id": self.meera.id, "name": "Aarav", "relation": "child", "birthday": date(2015, 7, 2)}
        )
        self._run_cron()
        greetings = self._greetings()
        self.assertEqual(sorted(greetings.mapped("occasion")), ["anniversary", "family_birthday"])
        family = greetings.filtered(lambda greeting: greeting.occasion == "family_birthday")
        self.assertEqual(family.family_member_id, aarav)
        self.assertEqual(family.message_id.subject, "Happy birthday to Aarav!")

    def test_greeting_hour_is_the_companys_setting(self):
        self.company.crm_suite_greeting_hour = 11
        with freeze_time("2026-03-15 05:29:00"):  # 10:59 in Pune
            self._run_cron()
        self.assertFalse(self._greetings())
        with freeze_time("2026-03-15 05:30:00"):  # 11:00 in Pune
            self._run_cron()
        self.assertEqual(self._greetings().state, "sent")

    @freeze_time("2026-07-02 05:00:00")
    def test_each_occasion_follows_its_own_mode(self):
        self.company.write(
            {
                "crm_suite_birthday_greeting": "off",
                "crm_suite_anniversary_greeting": "send",
                "crm_suite_family_birthday_greeting": "activity",
            }
        )
        self.meera.write({"birthday": date(1985, 7, 2), "anniversary_date": date(2010, 7, 2)})
        self.env["crm.suite.family.member"].create(
            {"partner_id": self.meera.id, "name": "Aarav", "relation": "child", "birthday": date(2015, 7, 2)}
        )
        self._run_cron()
        greetings = self._greetings()
        self.assertEqual(
            {greeting.occasion: (greeting.channel, greeting.state) for greeting in greetings},
            {"anniversary": ("email", "sent"), "family_birthday": ("activity", "scheduled")},
        )
        self.assertEqual(len(greetings.message_id), 1, "one email: the anniversary's")
        call = greetings.activity_id
        self.assertEqual((len(call), call.summary), (1, "Call Meera Kulkarni: Aarav's birthday"))

    def test_only_personal_data_users_are_offered_as_greeting_caller(self):
        trusted = new_test_user(
            self.env, login="caller_trusted", groups="base.group_user,crm_suite.group_crm_suite_personal_data"
        )
        plain = new_test_user(self.env, login="caller_plain", groups="base.group_user,crm_suite.group_crm_suite_user")
        for model in ("res.company", "res.config.settings"):
            domain = self.env[model].fields_get(["crm_suite_greeting_user_id"], ["domain"])
            offered = self.env["res.users"].search(domain["crm_suite_greeting_user_id"]["domain"])
            self.assertIn(trusted, offered, model)
            self.assertNotIn(plain, offered, model)
        with self.assertRaisesRegex(ValidationError, "may not see personal data"):
            self.env.company.crm_suite_greeting_user_id = plain  # as an import or an RPC call would
        self.env.company.crm_suite_greeting_user_id = trusted

    @freeze_time("2026-03-15 04:00:00")
    def test_finding_todays_occasions_searches_the_indexed_keys_only(self):
        Partner = self.registry["res.partner"]
        with patch.object(Partner, "search", autospec=True, side_effect=Partner.search) as search:
            due = self.env["crm.suite.greeting"]._due_occasions(fields.Datetime.now())
        self.assertEqual([occasion["partner"] for occasion in due], [self.meera])
        key_fields = {str(call.args[1][0][0]) for call in search.call_args_list}
        self.assertEqual(key_fields, {"birthday_key", "anniversary_key"})
        self.assertEqual(self.meera.birthday_key, 315)
        self.assertTrue(Partner._fields["birthday_key"].index)
