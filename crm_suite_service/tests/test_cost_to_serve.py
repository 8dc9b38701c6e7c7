from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestJobCardCostToServe(TransactionCase):
    def test_each_job_card_costs_its_unit_cost(self):
        company = self.env.company
        company.write({"crm_suite_cost_job_card": 250.0, "crm_suite_cost_email": 0.0})
        customer = self.env["res.partner"].create({"name": "Vikas Rao"})
        self.env["repair.order"].create([{"partner_id": customer.id}, {"partner_id": customer.id}])
        cancelled = self.env["repair.order"].create({"partner_id": customer.id})
        cancelled.action_repair_cancel()
        self.env["crm.suite.segmentation"]._recompute(companies=company)
        self.assertEqual(customer.cost_to_serve, 500.0)
        self.assertEqual(customer.profit_after_service, -500.0)
