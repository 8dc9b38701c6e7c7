from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceSecurity(TransactionCase):
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
