from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import JobCardCase


@tagged("post_install", "-at_install")
class TestServiceSecurity(JobCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.suite_user = new_test_user(cls.env, login="service_suite_user", groups="crm_suite.group_crm_suite_user")
        cls.suite_manager = new_test_user(
            cls.env, login="service_suite_manager", groups="crm_suite.group_crm_suite_manager"
        )

    def _visible_menu_xmlids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(debug=False)
        return {menu.get("xmlid") for menu in menus.values()}

    def test_suite_user_may_open_job_cards(self):
        self.assertTrue(self.suite_user.has_group("stock.group_stock_user"))
        self.assertIn("crm_suite_service.menu_crm_suite_service_job_cards", self._visible_menu_xmlids(self.suite_user))
        self.env["repair.order"].with_user(self.suite_user).search([]).read(["name", "state"])

    def test_only_managers_design_surveys(self):
        self.assertFalse(self.suite_user.has_group("survey.group_survey_manager"))
        self.assertTrue(self.suite_manager.has_group("survey.group_survey_manager"))
        self.assertNotIn("crm_suite_service.menu_crm_suite_service_surveys", self._visible_menu_xmlids(self.suite_user))
        self.assertIn("crm_suite_service.menu_crm_suite_service_surveys", self._visible_menu_xmlids(self.suite_manager))

    def test_technician_works_on_jobs_but_not_on_accounting(self):
        job = self._job()
        self._deliver(job, job.promised_datetime)
        open_job = self._job(odometer=15000)
        technician_env = self.env(user=self.technician)
        menus = self._visible_menu_xmlids(self.technician)
        self.assertIn("crm_suite_service.menu_crm_suite_service_job_cards", menus)
        self.assertNotIn("crm_suite.menu_crm_suite_customers", menus)
        mine = open_job.with_env(technician_env)
        mine.labour_ids.actual_hours = 1.5
        mine.checklist_line_ids[0].result = "attention"
        mine.action_repair_start()
        self.assertEqual(mine.state, "under_repair")
        with self.assertRaises(AccessError):
            technician_env["account.move"].search([]).read(["amount_total"])
        with self.assertRaises(AccessError):
            job.invoice_ids.with_env(technician_env).read(["amount_total"])

    def test_assets_are_kept_per_company(self):
        other_company = self.env["res.company"].create({"name": "Other Service Centre"})
        self.env["crm.suite.service.asset"].with_company(other_company).create(
            {
                "partner_id": self.customer.id,
                "make": "Other",
                "registration_number": "MH12OT0001",
                "company_id": other_company.id,
            }
        )
        visible = self.env["crm.suite.service.asset"].with_user(self.technician).search([])
        self.assertEqual(visible, self.bike)

    def test_complaints_are_for_advisers_not_technicians_and_kept_per_company(self):
        complaint = self.env["crm.suite.complaint"].create({"name": "Scratched tank", "partner_id": self.customer.id})
        self.assertEqual(self.env["crm.suite.complaint"].with_user(self.adviser).search([]), complaint)
        with self.assertRaises(AccessError):
            self.env["crm.suite.complaint"].with_user(self.technician).search([])
        other_company = self.env["res.company"].create({"name": "Other Care Centre"})
        self.env["crm.suite.complaint"].create(
            {"name": "Elsewhere", "partner_id": self.customer.id, "company_id": other_company.id}
        )
        self.assertEqual(self.env["crm.suite.complaint"].with_user(self.adviser).search([]), complaint)
        self.assertNotIn(
            "crm_suite_service.menu_crm_suite_service_complaints", self._visible_menu_xmlids(self.technician)
        )
