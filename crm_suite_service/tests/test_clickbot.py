from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

SUITE_APPS = ("crm_suite.menu_crm_suite_root", "crm_suite_service.menu_crm_suite_service")
CLICK_EVERYWHERE = "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader').startClickEverywhere('%s');"


@tagged("post_install", "-at_install")
class TestClickEverywhere(HttpCase):
    """Odoo's crawler opens every menu, view and filter of the suite's apps, as each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.user_admin").company_id
        roles = {
            "clickbot_manager": "crm_suite_service.group_service_manager,crm_suite.group_crm_suite_personal_data",
            "clickbot_adviser": "crm_suite_service.group_service_adviser",
            "clickbot_technician": "crm_suite_service.group_service_technician",
        }
        cls.users = {
            login: new_test_user(
                cls.env,
                login=login,
                groups=f"base.group_user,{groups}",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                tour_enabled=False,
            )
            for login, groups in roles.items()
        }

    def _click_everywhere(self, login):
        menus = self.env["ir.ui.menu"].with_user(self.users[login]).load_menus(False)
        apps = [menus[app_id]["xmlid"] for app_id in menus["root"]["children"]]
        visible = [xmlid for xmlid in SUITE_APPS if xmlid in apps]
        self.assertTrue(visible, f"{login} sees no app of the suite")
        for xmlid in visible:
            with self.subTest(app=xmlid):
                self.browser_js(
                    "/odoo",
                    CLICK_EVERYWHERE % xmlid,
                    "odoo.isReady === true",
                    login=login,
                    timeout=600,
                    success_signal="clickbot test succeeded",
                )

    def test_manager_clicks_everywhere(self):
        self._click_everywhere("clickbot_manager")

    def test_adviser_clicks_everywhere(self):
        self._click_everywhere("clickbot_adviser")

    def test_technician_clicks_everywhere(self):
        menus = self.env["ir.ui.menu"].with_user(self.users["clickbot_technician"]).load_menus(False)
        apps = {menus[app_id]["xmlid"] for app_id in menus["root"]["children"]}
        self.assertNotIn("crm_suite.menu_crm_suite_root", apps, "technicians do not see the sales side")
        self._click_everywhere("clickbot_technician")
