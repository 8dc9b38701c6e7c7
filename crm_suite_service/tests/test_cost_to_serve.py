from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_suite.tests.common import with_chart_of_accounts


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

    def test_each_done_delivery_costs_its_unit_cost(self):
        company = self.env.company
        company.write({"crm_suite_cost_delivery": 75.0, "crm_suite_cost_email": 0.0})
        customer = self.env["res.partner"].create({"name": "Lata Kulkarni"})
        product = self.env["product.product"].create({"name": "Ceiling Fan", "type": "consu"})
        outgoing = self.env["stock.picking.type"].search(
            [("code", "=", "outgoing"), ("company_id", "=", company.id)], limit=1
        )

        def deliver(validate):
            picking = self.env["stock.picking"].create(
                {
                    "partner_id": customer.id,
                    "picking_type_id": outgoing.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "location_id": outgoing.default_location_src_id.id,
                                "location_dest_id": outgoing.default_location_dest_id.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            if validate:
                picking.move_ids.quantity = 1
                picking.move_ids.picked = True
                picking.button_validate()
            return picking

        delivered = deliver(validate=True)
        deliver(validate=False)
        self.assertEqual(delivered.state, "done")
        self.env["crm.suite.segmentation"]._recompute(companies=company)
        # The delivery still waiting costs nothing yet.
        self.assertEqual(customer.cost_to_serve, 75.0)

    def test_each_complaint_costs_its_unit_cost_and_its_refund_once(self):
        company = with_chart_of_accounts(self.env, self.env.company)
        company.write({"crm_suite_cost_complaint": 600.0, "crm_suite_cost_email": 0.0, "crm_suite_cost_job_card": 0.0})
        customer = self.env["res.partner"].create({"name": "Neha Joshi"})
        Complaint = self.env["crm.suite.complaint"].with_context(mail_create_nolog=True)
        Complaint.create(
            [{"name": "Late delivery", "partner_id": customer.id}, {"name": "Dented", "partner_id": customer.id}]
        )
        refunded = Complaint.create({"name": "Broken fan", "partner_id": customer.id})
        credit_note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": customer.id,
                "invoice_line_ids": [Command.create({"name": "Refund", "price_unit": 1500.0, "tax_ids": []})],
            }
        )
        credit_note.action_post()
        refunded.sudo().credit_note_id = credit_note
        self.env["crm.suite.segmentation"]._recompute(companies=company)
        self.assertEqual(customer.cost_to_serve, 3 * 600.0 + 1500.0, "the refund is a cost of serving them")
        self.assertEqual(customer.period_margin, -1500.0, "the refund lowers the margin")
        self.assertEqual(customer.profit_after_service, -1500.0 - 3 * 600.0, "and the profit once")

    def test_a_compensation_coupon_costs_the_discount_it_gave_once_used(self):
        company = with_chart_of_accounts(self.env, self.env.company)
        company.write({"crm_suite_cost_complaint": 0.0, "crm_suite_cost_email": 0.0, "crm_suite_cost_job_card": 0.0})
        self.env["crm.suite.service.level"].search([("company_id", "=", company.id)]).max_discount_percent = 0
        program = self.env["loyalty.program"].create(
            {
                "name": "Sorry for the trouble",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "discount_mode": "percent"})],
            }
        )
        company.crm_suite_complaint_coupon_program_id = program
        customer = self.env["res.partner"].create({"name": "Rohit Shetty"})
        complaint = self.env["crm.suite.complaint"].create({"name": "Late fitting", "partner_id": customer.id})
        complaint.action_compensate()
        self.assertEqual(complaint.resolution_cost, 0, "an unused coupon has cost nothing yet")
        product = self.env["product.product"].create({"name": "Geyser", "list_price": 8000, "taxes_id": []})
        order = self.env["sale.order"].create(
            {"partner_id": customer.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        status = order._try_apply_code(complaint.coupon_id.code)
        order._apply_program_reward(status[complaint.coupon_id], complaint.coupon_id)
        order.action_confirm()
        order._create_invoices().action_post()
        self.assertEqual(complaint.resolution_cost, 800.0)
        self.env["crm.suite.segmentation"]._recompute(companies=company)
        self.assertEqual(customer.cost_to_serve, 800.0)
        self.assertEqual(customer.period_margin, 7200.0, "the discount already lowered the margin")
        self.assertEqual(customer.profit_after_service, 7200.0, "and lowers the profit once")

    def _customer_given_a_free_replacement(self, analytics_source):
        """A customer whose complaint was resolved by a free replacement (goods costing 1,800)."""
        company = self.env.company
        company.write(
            {
                "crm_suite_analytics_source": analytics_source,
                "crm_suite_cost_complaint": 0.0,
                "crm_suite_cost_email": 0.0,
                "crm_suite_cost_job_card": 0.0,
            }
        )
        customer = self.env["res.partner"].create({"name": "Kavya Menon"})
        product = self.env["product.product"].create({"name": "Mixer", "list_price": 3000, "standard_price": 1800})
        complaint = self.env["crm.suite.complaint"].create(
            {"name": "Jar cracked", "partner_id": customer.id, "product_id": product.id}
        )
        complaint.action_replace()
        complaint.replacement_order_id.action_confirm()
        self.env["crm.suite.segmentation"]._recompute(companies=company)
        return customer

    def test_a_free_replacement_costs_its_goods(self):
        customer = self._customer_given_a_free_replacement("invoice")
        self.assertEqual(customer.cost_to_serve, 1800.0)
        self.assertEqual(customer.profit_after_service, -1800.0, "free goods were in no invoice's margin")

    def test_where_orders_count_the_replacement_is_in_the_margin_already(self):
        customer = self._customer_given_a_free_replacement("order")
        self.assertEqual(customer.cost_to_serve, 1800.0)
        self.assertEqual(customer.period_margin, -1800.0, "the free order's goods are off the orders' margin")
        self.assertEqual(customer.profit_after_service, -1800.0, "and off the profit once")
