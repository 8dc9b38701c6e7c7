from suite_common import MODULES

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuiteInstalled(TransactionCase):
    def test_the_modules_are_installed_together(self):
        modules = self.env["ir.module.module"].search([("name", "in", MODULES)])
        self.assertEqual(dict.fromkeys(MODULES, "installed"), {m.name: m.state for m in modules})

    def test_each_module_builds_on_odoo_apps_not_copies(self):
        depends = {
            module.name: set(module.dependencies_id.mapped("name"))
            for module in self.env["ir.module.module"].search([("name", "in", MODULES)])
        }
        self.assertLessEqual({"contacts", "crm", "sale_management", "account", "mail", "utm"}, depends["crm_suite"])
        self.assertLessEqual({"crm_suite", "loyalty", "sale_loyalty", "portal"}, depends["crm_suite_loyalty"])
        self.assertLessEqual(
            {"crm_suite", "repair", "survey", "rating", "portal", "loyalty", "resource"}, depends["crm_suite_service"]
        )
        self.assertLessEqual(
            {"crm_suite_loyalty", "mass_mailing_sms", "mass_mailing_sale"}, depends["crm_suite_marketing"]
        )
        self.assertEqual({"crm_suite_service", "crm_suite_loyalty"}, depends["crm_suite_service_loyalty"])
        self.assertTrue(self.env["ir.module.module"].search([("name", "=", "crm_suite_service_loyalty")]).auto_install)
        self.assertLessEqual({"crm_suite", "account", "sale_management", "sms"}, depends["crm_suite_credit"])

    def test_every_menu_of_the_suite_lives_in_its_apps(self):
        # CRM Suite for sales and customers; Service Centre apart, so workshop technicians
        # work on job cards without the sales side.
        Menu = self.env["ir.ui.menu"]
        suite_menus = Menu.search([("id", "child_of", self.env.ref("crm_suite.menu_crm_suite_root").id)])
        service_menus = Menu.search([("id", "child_of", self.env.ref("crm_suite_service.menu_crm_suite_service").id)])
        self.assertIn(self.env.ref("crm_suite_loyalty.menu_crm_suite_loyalty_programs"), suite_menus)
        self.assertIn(self.env.ref("crm_suite_marketing.menu_crm_suite_offer_result"), suite_menus)
        self.assertIn(self.env.ref("crm_suite_credit.menu_crm_suite_credit_ageing"), suite_menus)
        for xmlid in (
            "crm_suite_service.menu_crm_suite_service_job_cards",
            "crm_suite_service.menu_crm_suite_service_complaints",
        ):
            self.assertIn(self.env.ref(xmlid), service_menus)
        self.assertFalse(self.env.ref("crm_suite_service.menu_crm_suite_service").parent_id)
        self.assertTrue(self.env["ir.module.module"].search([("name", "=", "crm_suite")]).application)


@tagged("post_install", "-at_install")
class TestDemoBusiness(TransactionCase):
    """`make test` installs with demo data: check the demo business is there and true."""

    def test_demo_business_keeps_its_books_in_rupees(self):
        company = self.env.ref("base.user_admin").company_id
        self.assertEqual(company.name, "Sharma Auto & Home Appliances")
        self.assertEqual(company.currency_id.name, "INR")
        self.assertEqual(company.country_id.code, "IN")

    def test_demo_customers_have_two_years_of_paid_and_open_invoices(self):
        customers = self.env["res.partner"].search([("email", "=like", "%example.in"), ("parent_id", "=", False)])
        self.assertGreaterEqual(len(customers), 12)
        invoices = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("partner_id.commercial_partner_id", "in", customers.ids),
                ("company_id", "=", self.env.ref("base.user_admin").company_id.id),
            ]
        )
        self.assertGreaterEqual(len(invoices), 90)
        self.assertGreaterEqual(len(invoices.partner_id.commercial_partner_id), 18, "eighteen buy, as README says")
        first, last = min(invoices.mapped("invoice_date")), max(invoices.mapped("invoice_date"))
        self.assertGreaterEqual((last - first).days, 700)
        self.assertIn("paid", invoices.mapped("payment_state"))
        self.assertIn("not_paid", invoices.mapped("payment_state"))

    def test_demo_speaks_hindi_and_english(self):
        self.assertTrue(self.env["res.lang"]._lang_get("hi_IN").active)
        self.assertEqual(self.env.ref("crm_suite.partner_kavita_joshi").lang, "hi_IN")
        self.assertTrue(self.env.ref("crm_suite.partner_priya_nair").phone.startswith("+91"))

    def test_demo_business_lost_counts_an_opportunity_and_a_customer(self):
        company = self.env.ref("base.user_admin").company_id
        lost = self.env["crm.suite.lost.business"].with_company(company).search([])
        self.assertIn(
            self.env.ref("crm_suite.partner_anjali_mishra"),
            lost.filtered(lambda row: row.kind == "customer").partner_id,
        )
        self.assertGreaterEqual(len(lost.filtered(lambda row: row.kind == "opportunity")), 3)

    def test_demo_prospect_has_not_bought_yet(self):
        prospect = self.env.ref("crm_suite.partner_deepak_chauhan")
        self.assertFalse(self.env["account.move"].search_count([("partner_id", "=", prospect.id)]))


@tagged("post_install", "-at_install")
class TestOnePriorityScale(TransactionCase):
    def test_tiers_complaints_and_sla_policies_share_one_priority_scale(self):
        from odoo.addons.crm_suite.models.res_partner import SERVICE_PRIORITIES  # noqa: PLC0415

        scales = {
            "tier": self.env["crm.suite.loyalty.tier"]._fields["service_priority"].selection,
            "complaint": self.env["crm.suite.complaint"]._fields["priority"].selection,
            "sla policy": self.env["crm.suite.sla.policy"]._fields["priority"].selection,
        }
        self.assertEqual(scales, dict.fromkeys(scales, SERVICE_PRIORITIES))

    def test_a_members_job_card_takes_the_tiers_priority_and_comes_first(self):
        company = self.env.company
        tier = self.env["crm.suite.loyalty.tier"].create(
            {"name": "Priority Gold", "company_id": company.id, "min_amount": 1, "service_priority": "2"}
        )
        member = self.env["res.partner"].create({"name": "Priority Member"})
        member.with_company(company).sudo().loyalty_tier_id = tier
        walk_in = self.env["res.partner"].create({"name": "Walk-in Customer"})
        # The walk-in's job card is the newer: Odoo's own order (newest first) would put it first.
        jobs = self.env["repair.order"].create({"partner_id": member.id})
        jobs |= self.env["repair.order"].create({"partner_id": walk_in.id})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE repair_order SET create_date = create_date + interval '1 minute' WHERE id = %s", [jobs[1].id]
        )
        jobs.invalidate_recordset(["create_date"])
        self.assertEqual(jobs.mapped("service_priority"), ["2", "0"])
        ordered = self.env["repair.order"].search([("id", "in", jobs.ids)])
        self.assertEqual(ordered[0].partner_id, member, "the workshop takes the highest priority first")

    def test_a_job_card_takes_the_higher_of_the_class_and_tier_priorities(self):
        company = self.env.company
        levels = self.env["crm.suite.service.level"].search([("company_id", "=", company.id)])
        levels.service_priority = "0"
        levels.filtered(lambda level: level.abc_class == "A").service_priority = "1"
        tier = self.env["crm.suite.loyalty.tier"].create(
            {"name": "Priority Platinum", "company_id": company.id, "min_amount": 1, "service_priority": "3"}
        )
        big_buyer, member, walk_in = self.env["res.partner"].create(
            [{"name": "Class A Buyer"}, {"name": "Class A Member"}, {"name": "Class C Buyer"}]
        )
        # The nightly engines write the class and tier.
        big_buyer.with_company(company).sudo().abc_class = "A"
        member.with_company(company).sudo().write({"abc_class": "A", "loyalty_tier_id": tier.id})
        walk_in.with_company(company).sudo().abc_class = "C"
        jobs = self.env["repair.order"].create([{"partner_id": partner.id} for partner in (big_buyer, member, walk_in)])
        self.assertEqual(jobs.mapped("service_priority"), ["1", "3", "0"])
        complaint = self.env["crm.suite.complaint"].create({"name": "Late", "partner_id": big_buyer.id})
        self.assertEqual(complaint.priority, "1", "complaints start from the class's priority too")
