from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_crm_suite_user


@tagged("post_install", "-at_install")
class TestCrmSuiteSecurity(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.suite_user = create_crm_suite_user(cls.env, "suite_user")
        cls.suite_manager = create_crm_suite_user(cls.env, "suite_manager", manager=True)
        cls.plain_user = new_test_user(cls.env, login="plain_user", groups="base.group_user")

    def _visible_menu_xmlids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(debug=False)
        return {menu.get("xmlid") for menu in menus.values()}

    def test_suite_user_is_a_salesperson(self):
        self.assertTrue(self.suite_user.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.suite_user.has_group("sales_team.group_sale_manager"))
        self.assertFalse(self.suite_user.has_group("crm_suite.group_crm_suite_manager"))

    def test_suite_manager_implies_user_and_sales_administrator(self):
        self.assertTrue(self.suite_manager.has_group("crm_suite.group_crm_suite_user"))
        self.assertTrue(self.suite_manager.has_group("sales_team.group_sale_manager"))

    def test_administrator_is_suite_manager(self):
        self.assertTrue(self.env.ref("base.user_admin").has_group("crm_suite.group_crm_suite_manager"))

    def test_groups_are_named_under_the_crm_suite_privilege(self):
        self.assertEqual(self.env.ref("crm_suite.group_crm_suite_user").full_name, "CRM Suite / User")
        self.assertEqual(self.env.ref("crm_suite.group_crm_suite_manager").full_name, "CRM Suite / Manager")

    def test_app_menu_shown_to_suite_users_only(self):
        self.assertIn("crm_suite.menu_crm_suite_root", self._visible_menu_xmlids(self.suite_user))
        self.assertIn("crm_suite.menu_crm_suite_customers", self._visible_menu_xmlids(self.suite_user))
        self.assertNotIn("crm_suite.menu_crm_suite_root", self._visible_menu_xmlids(self.plain_user))

    def test_configuration_menu_shown_to_managers_only(self):
        self.assertNotIn("crm_suite.menu_crm_suite_configuration", self._visible_menu_xmlids(self.suite_user))
        self.assertIn("crm_suite.menu_crm_suite_configuration", self._visible_menu_xmlids(self.suite_manager))

    def test_refusing_an_engine_owned_write_names_the_fields(self):
        customer = self.env["res.partner"].create({"name": "Forged Figures"})
        with self.assertRaisesRegex(
            AccessError, r"^ABC Class, Lifecycle Stage of Contact are recorded by CRM Suite itself"
        ):
            customer.with_user(self.suite_manager).write({"lifecycle_stage": "lapsed", "abc_class": "A"})
