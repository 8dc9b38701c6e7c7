from datetime import datetime, time, timedelta

from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

SHIPPED_FESTIVALS = (
    "diwali",
    "holi",
    "eid_al_fitr",
    "eid_al_adha",
    "christmas",
    "pongal",
    "onam",
    "navratri",
    "raksha_bandhan",
    "guru_nanak_jayanti",
    "baisakhi",
    "ugadi",
    "puthandu",
    "vishu",
    "pohela_boishakh",
    "bihu",
)


@tagged("post_install", "-at_install")
class TestFestivals(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"crm_suite_festival_greeting": "send", "crm_suite_greeting_hour": 9})
        cls.salesperson = new_test_user(
            cls.env,
            login="festival_salesperson",
            groups="crm_suite.group_crm_suite_user,crm_suite.group_crm_suite_personal_data",
        )
        Partner = cls.env["res.partner"]
        # Only this test's customers are greeted on the shipped festivals.
        Partner.search([("customer_status", "=", "existing")]).greetings_opt_out = True
        customer = {"customer_status": "existing", "user_id": cls.salesperson.id}
        cls.meera = Partner.create(
            {
                **customer,
                "name": "Meera",
                "email": "meera@example.in",
                "tz": "Asia/Kolkata",
                "state_id": cls.env.ref("base.state_in_mh").id,
            }
        )
        cls.newyork = Partner.create(
            {**customer, "name": "Ravi in New York", "email": "ravi@example.com", "tz": "America/New_York"}
        )
        cls.chennai = Partner.create(
            {
                **customer,
                "name": "Lakshmi",
                "email": "lakshmi@example.in",
                "tz": "Asia/Kolkata",
                "state_id": cls.env.ref("base.state_in_tn").id,
            }
        )
        cls.diwali = cls.env.ref("crm_suite.festival_diwali")
        cls.pongal = cls.env.ref("crm_suite.festival_pongal")

    def _day(self, festival, year):
        (day,) = [date for date in festival.date_ids.mapped("date") if date.year == year]
        return day

    def _greetings(self, partner, festival=None):
        return self.env["crm.suite.greeting"].search(
            [("partner_id", "=", partner.id), ("festival_id", "=", (festival or self.diwali).id)]
        )

    def _run_at(self, day, utc_hour):
        with freeze_time(datetime.combine(day, time(utc_hour))):
            self.env["crm.suite.greeting"]._send_due_greetings()

    def test_every_shipped_festival_has_its_dates_for_the_next_five_years(self):
        for code in SHIPPED_FESTIVALS:
            festival = self.env.ref(f"crm_suite.festival_{code}")
            with self.subTest(festival=festival.name):
                self.assertEqual(
                    {2027, 2028, 2029, 2030, 2031} - {day.year for day in festival.date_ids.mapped("date")}, set()
                )

    def test_greeted_once_on_the_festival_in_the_customers_own_time_zone(self):
        diwali = self._day(self.diwali, 2027)
        self._run_at(diwali, 5)  # 10:30 in Pune, 01:00 in New York: before its greeting hour
        greeting = self._greetings(self.meera)
        self.assertRecordValues(greeting, [{"occasion": "festival", "year": 2027, "date": diwali, "state": "sent"}])
        self.assertEqual(greeting.message_id.subject, f"Happy {self.diwali.name}, Meera!")
        self.assertFalse(self._greetings(self.newyork))
        self._run_at(diwali, 5)
        self._run_at(diwali, 15)  # 11:00 in New York
        self.assertEqual(len(self._greetings(self.meera)), 1, "once, however often the cron runs")
        self.assertEqual(self._greetings(self.newyork).date, diwali)
        self._run_at(diwali + timedelta(days=1), 5)
        self.assertEqual(len(self._greetings(self.meera)), 1, "not the day after")
        self._run_at(self._day(self.diwali, 2028), 5)
        self.assertEqual(self._greetings(self.meera).mapped("year"), [2028, 2027], "and again next year")

    def test_a_customer_who_opted_out_of_a_festival_is_not_greeted_on_it(self):
        self.meera.crm_suite_festival_opt_out_ids = self.diwali
        self._run_at(self._day(self.diwali, 2027), 5)
        self.assertFalse(self._greetings(self.meera))
        self.assertTrue(self._greetings(self.chennai))

    def test_a_regional_festival_greets_its_region_and_those_who_chose_it(self):
        pongal = self._day(self.pongal, 2028)
        self._run_at(pongal, 5)
        self.assertTrue(self._greetings(self.chennai, self.pongal), "Tamil Nadu celebrates Pongal")
        self.assertFalse(self._greetings(self.meera, self.pongal))
        self.meera.crm_suite_festival_ids = self.pongal
        self._run_at(pongal, 6)
        self.assertTrue(self._greetings(self.meera, self.pongal), "her own choice")

    def test_class_a_customers_also_get_a_call_from_their_salesperson(self):
        self.meera.sudo().abc_class = "A"
        self._run_at(self._day(self.diwali, 2027), 5)
        meera, lakshmi = self._greetings(self.meera), self._greetings(self.chennai)
        self.assertEqual(meera.state, "sent")
        self.assertEqual(meera.activity_ids.user_id, self.salesperson)
        self.assertIn("Call Meera for", meera.activity_ids.summary)
        self.assertFalse(lakshmi.activity_ids, "not class A: the greeting alone")

    def test_the_greeting_speaks_hindi_to_a_hindi_speaking_customer(self):
        self.env["res.lang"]._activate_lang("hi_IN")
        self.env["ir.module.module"]._load_module_terms(["crm_suite"], ["hi_IN"], overwrite=True)
        self.meera.lang = "hi_IN"
        self._run_at(self._day(self.diwali, 2027), 5)
        self.assertEqual(self._greetings(self.meera).message_id.subject, "दिवाली की शुभकामनाएँ, Meera!")

    def test_an_archived_festival_greets_nobody(self):
        self.diwali.active = False
        self._run_at(self._day(self.diwali, 2027), 5)
        self.assertFalse(self._greetings(self.meera))

    def test_a_festival_of_another_company_is_not_greeted_here(self):
        self.diwali.company_id = self.env["res.company"].create({"name": "Festival Elsewhere"})
        self._run_at(self._day(self.diwali, 2027), 5)
        self.assertFalse(self._greetings(self.meera))

    def test_festivals_are_off_when_the_company_says_so(self):
        self.company.crm_suite_festival_greeting = "off"
        self._run_at(self._day(self.diwali, 2027), 5)
        self.assertFalse(self._greetings(self.meera))
