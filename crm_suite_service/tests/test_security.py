import importlib.util

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_path

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

    def test_crm_suite_roles_gain_nothing_of_the_workshop(self):
        for user in (self.suite_user, self.suite_manager):
            with self.subTest(user=user.login):
                self.assertFalse(user.has_group("stock.group_stock_user"))
                self.assertFalse(user.has_group("survey.group_survey_manager"))
                self.assertNotIn("crm_suite_service.menu_crm_suite_service", self._visible_menu_xmlids(user))
                with self.assertRaises(AccessError):
                    self.env["repair.order"].with_user(user).search([])

    def test_adviser_may_open_job_cards(self):
        self.assertTrue(self.adviser.has_group("stock.group_stock_user"))
        self.assertTrue(self.adviser.has_group("crm_suite.group_crm_suite_user"))
        self.assertIn("crm_suite_service.menu_crm_suite_service_job_cards", self._visible_menu_xmlids(self.adviser))
        self.env["repair.order"].with_user(self.adviser).search([]).read(["name", "state"])

    def test_only_managers_design_surveys(self):
        self.assertFalse(self.adviser.has_group("survey.group_survey_manager"))
        self.assertTrue(self.manager.has_group("survey.group_survey_manager"))
        self.assertTrue(self.manager.has_group("crm_suite.group_crm_suite_manager"))
        self.assertNotIn("crm_suite_service.menu_crm_suite_service_surveys", self._visible_menu_xmlids(self.adviser))
        self.assertIn("crm_suite_service.menu_crm_suite_service_surveys", self._visible_menu_xmlids(self.manager))

    def test_upgrade_moves_the_suites_users_into_the_service_roles(self):
        """Before 19.0.1.5.0 crm_suite's own groups implied Inventory and Survey: the upgrade keeps
        each user's rights through the Service Centre's roles and takes the implications away."""
        suite_user_group = self.env.ref("crm_suite.group_crm_suite_user")
        suite_manager_group = self.env.ref("crm_suite.group_crm_suite_manager")
        suite_user_group.implied_ids = [Command.link(self.env.ref("stock.group_stock_user").id)]
        suite_manager_group.implied_ids = [Command.link(self.env.ref("survey.group_survey_manager").id)]
        app_menu = self.env.ref("crm_suite_service.menu_crm_suite_service")
        app_menu.group_ids = [Command.link(suite_user_group.id)]
        checklists_menu = self.env.ref("crm_suite_service.menu_crm_suite_service_checklists")
        checklists_menu.group_ids = [Command.link(suite_manager_group.id)]
        migration = importlib.util.spec_from_file_location(
            "crm_suite_service_19_0_1_5_0", file_path("crm_suite_service/migrations/19.0.1.5.0/post-migrate.py")
        )
        module = importlib.util.module_from_spec(migration)
        migration.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.1.4.0")
        self.env.invalidate_all()
        self.assertTrue(self.suite_user.has_group("crm_suite_service.group_service_adviser"))
        self.assertFalse(self.suite_user.has_group("crm_suite_service.group_service_manager"))
        self.assertTrue(self.suite_manager.has_group("crm_suite_service.group_service_manager"))
        self.assertTrue(self.suite_manager.has_group("survey.group_survey_manager"))
        self.assertNotIn(self.env.ref("stock.group_stock_user"), suite_user_group.implied_ids)
        self.assertNotIn(self.env.ref("survey.group_survey_manager"), suite_manager_group.implied_ids)
        self.assertFalse(self.technician.has_group("crm_suite_service.group_service_adviser"))
        self.assertEqual(app_menu.group_ids, self.env.ref("crm_suite_service.group_service_technician"))
        self.assertEqual(checklists_menu.group_ids, self.env.ref("crm_suite_service.group_service_manager"))

    def test_warnings_and_escalations_go_only_to_who_may_open_them(self):
        with self.assertRaises(ValidationError):
            self.company.crm_suite_service_manager_id = self.suite_manager
        self.company.crm_suite_service_manager_id = self.manager
        with self.assertRaises(ValidationError):
            self.env["crm.suite.complaint.team"].create(
                {"name": "Sales desk", "member_ids": [Command.link(self.suite_user.id)]}
            )
        team = self.env["crm.suite.complaint.team"].create({"name": "Care desk", "leader_id": self.adviser.id})
        with self.assertRaises(ValidationError):
            team.escalation_user_id = self.technician

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
