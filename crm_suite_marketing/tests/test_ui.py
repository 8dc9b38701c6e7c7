from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_suite.tests.common import start_tour_and_keep_screenshot


@tagged("post_install", "-at_install")
class TestMarketingUi(HttpCase):
    def test_marketer_sends_an_offer_from_a_filtered_customer_list(self):
        new_test_user(
            self.env,
            login="tour_marketer",
            name="Tour Marketer",
            groups="base.group_user,crm_suite.group_crm_suite_user,mass_mailing.group_mass_mailing_user,"
            "mail.group_mail_template_editor,sales_team.group_sale_manager",
        )
        Partner = self.env["res.partner"]
        tourpur = {"city": "Tourpur", "customer_rank": 1}
        asha = Partner.create(
            {**tourpur, "name": "Tour Offer Asha", "email": "asha@example.com", "consent_email": True}
        )
        bala = Partner.create(
            {
                **tourpur,
                "name": "Tour Offer Bala",
                "phone": "+91 98200 00011",
                "consent_sms": True,
                "preferred_channel": "sms",
            }
        )
        Partner.create({**tourpur, "name": "Tour Offer Chitra", "email": "chitra@example.com"})
        self.env["utm.campaign"].create({"title": "Diwali Tour Campaign"})
        self.env["loyalty.program"].create(
            {
                "name": "Tour Diwali 10%",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 10})],
            }
        )
        start_tour_and_keep_screenshot(
            self, "/odoo", "crm_suite_marketing_offer", "segment_offer", login="tour_marketer"
        )

        mailings = self.env["mailing.mailing"].search([("subject", "=", "Happy Diwali from Tour Traders")])
        self.assertEqual(sorted(mailings.mapped("mailing_type")), ["mail", "sms"])
        self.assertEqual(set(mailings.mapped("state")), {"in_queue"})
        self.assertIn("Tourpur", mailings[0].mailing_domain, "the filtered segment, not a list of ids")
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=60.0):
            mailings._process_mass_mailing_queue()
            mailings._process_mass_mailing_queue()  # the SMS mailing is done once nobody is left
        self.assertEqual(set(mailings.mapped("state")), {"done"})
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "in", mailings.ids)])
        self.assertEqual(traces.mapped("res_id"), (asha | bala).ids, "Chitra agreed to no marketing")
        coupons = self.env["loyalty.card"].search([("crm_suite_mailing_id", "in", mailings.ids)])
        self.assertEqual(coupons.partner_id, asha | bala)
