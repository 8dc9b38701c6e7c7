from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from odoo.addons.crm_suite.tests.common import new_company_user, web_client_specification

from .common import LoyaltyTierCase

CUSTOMER_360 = "crm_suite.view_partner_form_customer_360"
DAY = date(2026, 11, 30)


@freeze_time(DAY)
@tagged("post_install", "-at_install")
class TestCustomer360Loyalty(LoyaltyTierCase):
    """The Customer 360's loyalty part: tier and progress, points and coupons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_company_user(cls.env, cls.company, "c360_tier_sales", "crm_suite.group_crm_suite_user")
        cls.employee = new_company_user(cls.env, cls.company, "c360_tier_employee", "base.group_user")
        cls.coupons = cls.env["loyalty.program"].create(
            {"name": "Free Service", "program_type": "coupons", "company_id": cls.company.id}
        )

    def setUp(self):
        super().setUp()
        self.member = self._customer("Loyal Lakshmi")
        self._invoice(self.member, 30000, day=DAY)  # Silver, 60% of the way to Gold

    def _card(self, points, expiration_date=False):
        return self.env["loyalty.card"].create(
            {
                "program_id": self.coupons.id,
                "partner_id": self.member.id,
                "points": points,
                "expiration_date": expiration_date,
            }
        )

    def _open_360(self, user):
        member = self.member.with_user(user)
        specification = web_client_specification(member, CUSTOMER_360)
        [values] = member.web_read(specification)
        return specification, values

    def test_salesperson_sees_tier_progress_and_usable_coupons(self):
        usable = self._card(1, DAY + timedelta(days=30))
        self._card(1, DAY - timedelta(days=1))  # expired
        self._card(0)  # used
        _specification, values = self._open_360(self.salesperson)
        self.assertEqual(values["loyalty_tier_id"]["display_name"], "Silver")
        self.assertEqual(values["next_tier_id"]["display_name"], "Gold")
        self.assertEqual(values["next_tier_progress"], 60.0)
        self.assertEqual([row["id"] for row in values["crm_suite_loyalty_card_ids"]], usable.ids)

    def test_employee_sees_the_tier_but_not_the_spend_nor_the_coupons(self):
        self._card(1)
        specification, values = self._open_360(self.employee)
        self.assertEqual(values["loyalty_tier_id"]["display_name"], "Silver")
        self.assertFalse(
            {"next_tier_progress", "next_tier_amount_missing", "crm_suite_loyalty_card_ids"} & specification.keys()
        )

    def test_portal_customer_reads_neither_their_progress_nor_their_cards_through_it(self):
        portal = new_company_user(self.env, self.company, "c360_tier_portal", "base.group_portal")
        for field in ("crm_suite_loyalty_card_ids", "next_tier_progress"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                portal.partner_id.with_user(portal).web_read({field: {}})
