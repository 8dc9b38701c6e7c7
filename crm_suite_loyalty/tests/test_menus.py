from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyMenus(TransactionCase):
    def _visible_menu_xmlids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(debug=False)
        return {menu.get("xmlid") for menu in menus.values()}

    def test_suite_user_reaches_odoo_loyalty_programs_from_the_suite(self):
        user = new_test_user(self.env, login="loyalty_suite_user", groups="crm_suite.group_crm_suite_user")
        visible = self._visible_menu_xmlids(user)
        self.assertIn("crm_suite_loyalty.menu_crm_suite_loyalty_programs", visible)
        self.assertIn("crm_suite_loyalty.menu_crm_suite_loyalty_cards", visible)
        # The menu opens Odoo's own programs, which the suite user may read.
        self.env["loyalty.program"].with_user(user).search([]).read(["name"])

    def test_loyalty_menu_hidden_outside_the_suite(self):
        user = new_test_user(self.env, login="loyalty_plain_user", groups="base.group_user")
        self.assertNotIn("crm_suite_loyalty.menu_crm_suite_loyalty", self._visible_menu_xmlids(user))
