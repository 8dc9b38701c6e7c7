from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_suite.tests.common import new_company_user

from .common import JobCardCase


@tagged("post_install", "-at_install")
class TestSaleOrderAccess(JobCardCase):
    """A salesperson who is not an Inventory user still confirms and cancels sale orders.

    Job cards are repair orders, which only Inventory users may read: the suite's sale order
    overrides must not read them with the salesperson's rights (Odoo's sale_loyalty tests
    confirm orders as such a salesperson).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A salesperson of the suite, not of the Service Centre: no Inventory rights.
        cls.seller = new_company_user(cls.env, cls.company, "sales_only_seller", "crm_suite.group_crm_suite_user")

    def _plain_order(self):
        return (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": self.brake_pads.id, "product_uom_qty": 1}),
                        Command.create({"product_id": self.labour.id, "product_uom_qty": 2}),
                    ],
                }
            )
        )

    def _estimate_for_the_seller(self):
        job = self._job()
        job.action_send_estimate()
        job.sale_order_id.user_id = self.seller  # a salesperson works on their own quotations
        return job, job.sale_order_id.with_user(self.seller)

    def test_the_seller_is_not_an_inventory_user(self):
        self.assertTrue(self.seller.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.seller.has_group("stock.group_stock_user"))
        self.assertFalse(self.env["repair.order"].with_user(self.seller).has_access("read"))

    def test_a_salesperson_without_inventory_confirms_a_plain_order(self):
        order = self._plain_order()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_a_salesperson_without_inventory_cancels_a_plain_order(self):
        order = self._plain_order()
        order.action_confirm()
        order.action_cancel()
        self.assertEqual(order.state, "cancel")

    def test_a_salesperson_without_inventory_confirms_a_job_card_estimate(self):
        job, estimate = self._estimate_for_the_seller()
        estimate.action_confirm()
        self.assertEqual(estimate.state, "sale")
        self.assertEqual(
            (job.state, job.approval_method, job.approval_user_id), ("confirmed", "quotation", self.seller)
        )

    def test_a_salesperson_without_inventory_cancels_a_job_card_estimate(self):
        job, estimate = self._estimate_for_the_seller()
        estimate.action_cancel()
        self.assertEqual((estimate.state, job.state), ("cancel", "cancel"))
        self.assertEqual(job.activity_ids.user_id, job.user_id or self.seller)
