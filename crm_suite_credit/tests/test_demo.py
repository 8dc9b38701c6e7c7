from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCreditDemo(TransactionCase):
    def test_the_demo_shows_levels_buckets_a_promise_methods_and_a_blocked_order(self):
        if not self.env["ir.module.module"].search([("name", "=", "crm_suite_credit")]).demo:
            self.skipTest("the database has no demo data")
        company = self.env["crm.suite.demo"]._demo_company()
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        balaji = env.ref("crm_suite.partner_balaji_electronics")
        reminders = env["crm.suite.credit.reminder"].search([("partner_id", "=", balaji.id)])
        self.assertEqual(set(reminders.level_id.mapped("days_overdue")), {3, 15, 30})
        self.assertTrue(
            all(
                getattr(balaji, name) > 0
                for name in (
                    "crm_suite_ageing_not_due",
                    "crm_suite_ageing_0_30",
                    "crm_suite_ageing_31_60",
                    "crm_suite_ageing_61_90",
                    "crm_suite_ageing_90_plus",
                )
            )
        )
        self.assertEqual(balaji.crm_suite_usual_payment_method, "upi")
        patil = env.ref("crm_suite.partner_patil_motors")
        self.assertEqual(env["crm.suite.payment.promise"].search([("partner_id", "=", patil.id)]).state, "open")
        self.assertTrue(patil.crm_suite_reminders_paused_until)
        green_valley = env.ref("crm_suite.partner_green_valley")
        quotation = env["sale.order"].search([("partner_id", "=", green_valley.id), ("state", "=", "draft")], limit=1)
        self.assertIn("credit limit", " ".join(quotation._crm_suite_credit_block_reasons()))
