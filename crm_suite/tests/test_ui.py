from odoo.tests import HttpCase, tagged

from .common import create_crm_suite_user


@tagged("post_install", "-at_install")
class TestCrmSuiteUi(HttpCase):
    def test_suite_user_finds_a_customer_from_the_app(self):
        create_crm_suite_user(self.env, "tour_suite_user")
        self.env["res.partner"].create({"name": "Tour Customer Kapoor", "customer_rank": 1})
        self.start_tour("/odoo", "crm_suite_open_customer", login="tour_suite_user")

    def test_salesperson_fills_a_personal_profile(self):
        create_crm_suite_user(self.env, "tour_profile_user", personal_data=True)
        contact = self.env["res.partner"].create({"name": "Tour Contact Rao"})
        self.start_tour(f"/odoo/contacts/{contact.id}", "crm_suite_fill_profile", login="tour_profile_user")
        self.assertEqual(str(contact.birthday), "1985-03-15")
        self.assertEqual(contact.preferred_channel, "whatsapp")
        self.assertEqual(contact.family_member_ids.mapped("name"), ["Kabir Rao"])
