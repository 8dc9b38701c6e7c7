from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from .common import with_chart_of_accounts


@tagged("post_install", "-at_install")
class TestDiscountLimit(TransactionCase):
    """The class's maximum discount: salespeople stop at it, managers go past it with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = with_chart_of_accounts(
            cls.env,
            cls.env["res.company"].create({"name": "Discount Traders", "currency_id": cls.env.ref("base.INR").id}),
        )
        cls.env.user.company_ids |= cls.company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.env["crm.suite.service.level"].create(
            [
                {"company_id": cls.company.id, "abc_class": "A", "max_discount_percent": 15},
                {"company_id": cls.company.id, "abc_class": "C", "max_discount_percent": 5},
            ]
        )
        users = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.salesperson = new_test_user(
            cls.env, login="limit_salesperson", groups="base.group_user,sales_team.group_sale_salesman", **users
        )
        cls.manager = new_test_user(
            cls.env, login="limit_manager", groups="base.group_user,sales_team.group_sale_manager", **users
        )
        cls.product = cls.env["product.product"].create({"name": "Water Purifier", "list_price": 1000.0})
        cls.company.sale_discount_product_id = cls.env["product.product"].create(
            {"name": "Discount", "type": "service", "list_price": 0.0}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Class C Customer", "company_id": cls.company.id})
        # The nightly ranking writes the class (engine-owned).
        cls.customer.with_company(cls.company).sudo().abc_class = "C"

    def _quotation(self, discount, customer=None, user=None):
        order = (
            self.env["sale.order"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "partner_id": (customer or self.customer).id,
                    "company_id": self.company.id,
                    "order_line": [Command.create({"product_id": self.product.id, "discount": discount})],
                }
            )
        )
        return order

    def test_a_salesperson_confirms_within_the_class_limit(self):
        order = self._quotation(5)
        self.assertFalse(order.crm_suite_discount_needs_approval)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_a_salesperson_cannot_confirm_above_the_class_limit(self):
        order = self._quotation(12)
        self.assertTrue(order.crm_suite_discount_needs_approval)
        with self.assertRaisesRegex(UserError, "more than the 5"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_the_limit_follows_the_class(self):
        self.customer.with_company(self.company).sudo().abc_class = "A"
        order = self._quotation(12)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_a_customer_not_ranked_yet_is_held_to_the_lowest_limit(self):
        newcomer = self.env["res.partner"].create({"name": "Newcomer"})
        self.assertFalse(newcomer.with_company(self.company).abc_class)
        with self.assertRaises(UserError):
            self._quotation(6, customer=newcomer).action_confirm()

    def test_no_limit_without_levels_limiting_the_discount(self):
        self.env["crm.suite.service.level"].search([("company_id", "=", self.company.id)]).max_discount_percent = 0
        order = self._quotation(40)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_the_pricelist_discount_does_not_count(self):
        self.env.user.group_ids += self.env.ref("sale.group_discount_per_so_line")
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Festival prices",
                "company_id": self.company.id,
                "item_ids": [Command.create({"compute_price": "percentage", "percent_price": 10})],
            }
        )
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "pricelist_id": pricelist.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        line = order.order_line
        self.assertEqual(line.discount, 10, "Odoo shows the pricelist's 10% as the line's discount")
        self.assertFalse(order.crm_suite_discount_needs_approval)
        line.discount = 14  # 860 for the pricelist's 900: 4.4% beyond it, within class C's 5
        self.assertFalse(order.crm_suite_discount_needs_approval)
        line.discount = 15  # 850: 5.6% beyond
        self.assertTrue(order.crm_suite_discount_needs_approval)

    def test_a_manager_approves_with_a_reason_kept_on_the_chatter(self):
        order = self._quotation(12)
        with self.assertRaisesRegex(UserError, "approve the discount first"):
            order.with_user(self.manager).action_confirm()
        action = order.with_user(self.manager).action_crm_suite_approve_discount()
        wizard = Form(self.env["crm.suite.discount.approval"].with_user(self.manager).with_context(**action["context"]))
        wizard.reason = "Bulk order for his three shops"
        wizard.save().action_approve_and_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.crm_suite_approved_discount, 12)
        note = order.message_ids.filtered(lambda message: "three shops" in str(message.body))
        self.assertEqual(note.author_id, self.manager.partner_id)
        self.assertIn("12", str(note.body))

    def test_an_approval_covers_the_approved_discount_only(self):
        order = self._quotation(12)
        approval = (
            self.env["crm.suite.discount.approval"]
            .with_user(self.manager)
            .create({"order_ids": [Command.set(order.ids)], "reason": "Loyal since 2010"})
        )
        approval.action_approve()
        self.assertEqual(order.state, "draft", "approved, for the salesperson or the customer to confirm")
        order.order_line.with_user(self.salesperson).discount = 20
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).action_confirm()
        order.order_line.with_user(self.salesperson).discount = 11
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_a_salesperson_cannot_approve_their_own_discount(self):
        order = self._quotation(12)
        with self.assertRaises(AccessError):
            order.with_user(self.salesperson).crm_suite_approved_discount = 50
        with self.assertRaises(AccessError):
            self.env["crm.suite.discount.approval"].with_user(self.salesperson).create(
                {"order_ids": [Command.set(order.ids)], "reason": "Mine"}
            )
        self.assertFalse(order.copy().crm_suite_approved_discount)

    def test_the_customer_is_asked_no_payment_before_the_approval(self):
        order = self._quotation(12)
        order.require_payment = True
        self.assertFalse(order._has_to_be_paid())
        order.order_line.discount = 5
        self.assertTrue(order._has_to_be_paid())

    def test_a_payment_for_an_unapproved_quotation_waits_for_the_manager(self):
        order = self._quotation(12)
        provider = self.env["payment.provider"].create({"name": "Test", "code": "none", "company_id": self.company.id})
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "sale_order_ids": [Command.set(order.ids)],
            }
        )
        transaction._set_done()
        transaction._check_amount_and_confirm_order()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.activity_ids.summary, "Paid: approve the discount to confirm")

    def test_coupons_of_the_suite_stay_within_the_class_limit(self):
        def program(percent, mode="percent"):
            return self.env["loyalty.program"].create(
                {
                    "name": f"{percent} {mode}",
                    "program_type": "coupons",
                    "reward_ids": [
                        Command.create({"reward_type": "discount", "discount": percent, "discount_mode": mode})
                    ],
                }
            )

        customer = self.customer.with_company(self.company)
        self.assertTrue(customer._crm_suite_coupon_within_limit(program(5)))
        self.assertFalse(customer._crm_suite_coupon_within_limit(program(10)))
        self.assertTrue(customer._crm_suite_coupon_within_limit(program(500, "per_order")), "an amount, not a percent")

    def test_a_new_quotation_opens_before_its_customer_is_chosen(self):
        order_form = Form(self.env["sale.order"].with_user(self.salesperson))
        self.assertFalse(order_form.crm_suite_discount_needs_approval)
        order_form.partner_id = self.customer
        with order_form.order_line.new() as line:
            line.product_id = self.product
            line.discount = 12
        self.assertTrue(order_form.crm_suite_discount_needs_approval)

    def test_a_unit_price_typed_below_odoos_counts_as_a_discount(self):
        order = self._quotation(0)
        order.order_line.with_user(self.salesperson).price_unit = 880  # 12% under the 1,000 list price
        self.assertTrue(order.crm_suite_discount_needs_approval)
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).action_confirm()
        order.order_line.price_unit = 1200  # a higher price is no discount
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_odoos_global_discount_counts_on_the_whole_order(self):
        order = self._quotation(0)
        self.env["sale.order.discount"].with_user(self.salesperson).create(
            {"sale_order_id": order.id, "discount_type": "so_discount", "discount_percentage": 0.12}
        ).action_apply_discount()
        self.assertEqual(len(order.order_line), 2, "Odoo adds a discount line")
        self.assertAlmostEqual(order._crm_suite_discount_given(), 12.0)
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).action_confirm()
        order.order_line.filtered(lambda line: line.price_unit < 0).unlink()
        self.env["sale.order.discount"].with_user(self.salesperson).create(
            {"sale_order_id": order.id, "discount_type": "amount", "discount_amount": 30}
        ).action_apply_discount()
        order.with_user(self.salesperson).action_confirm()  # 3% off the order
        self.assertEqual(order.state, "sale")

    def test_a_confirmed_order_keeps_to_the_limit(self):
        order = self._quotation(5)
        order.with_user(self.salesperson).action_confirm()
        with self.assertRaises(UserError):
            order.order_line.with_user(self.salesperson).discount = 40
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).write(
                {"order_line": [Command.create({"product_id": self.product.id, "discount": 40})]}
            )
        order.order_line.with_user(self.manager).discount = 8  # a manager's own decision
        self.assertEqual(order.order_line.discount, 8)

    def test_an_approval_is_for_its_customer(self):
        order = self._quotation(12)
        self.env["crm.suite.discount.approval"].with_user(self.manager).create(
            {"order_ids": [Command.set(order.ids)], "reason": "Old friend"}
        ).action_approve()
        self.assertFalse(order.crm_suite_discount_needs_approval)
        other = self.env["res.partner"].create({"name": "Another Class C Customer"})
        other.with_company(self.company).sudo().abc_class = "C"
        order.with_user(self.salesperson).partner_id = other
        self.assertFalse(order.crm_suite_approved_discount)
        self.assertTrue(order.crm_suite_discount_needs_approval)

    def test_a_class_without_its_level_is_held_to_the_lowest_limit(self):
        self.customer.with_company(self.company).sudo().abc_class = "B"  # no level for B here
        with self.assertRaises(UserError):
            self._quotation(6).with_user(self.salesperson).action_confirm()


PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestDiscountLimitPortal(HttpCase):
    """The customer's side of a quotation whose discount awaits the seller's approval."""

    def setUp(self):
        super().setUp()
        company = self.env.company
        self.env["crm.suite.service.level"].search([("company_id", "=", company.id)]).max_discount_percent = 5
        self.customer = self.env["res.partner"].create({"name": "Portal Discount Customer"})
        self.customer.sudo().abc_class = "C"  # the nightly ranking's
        product = self.env["product.product"].create({"name": "Portal Cooler", "list_price": 9000})
        self.order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "require_signature": True,
                "require_payment": False,
                "order_line": [Command.create({"product_id": product.id, "discount": 12})],
            }
        )
        self.order.action_quotation_sent()
        self.token = self.order._portal_ensure_token()
        self.url = f"/my/orders/{self.order.id}"
        self.authenticate(None, None)  # a visitor with the quotation's link

    def _accept(self):
        return self.make_jsonrpc_request(
            f"{self.url}/accept",
            {"access_token": self.token, "name": "Portal Customer", "signature": PIXEL},
        )

    def test_signing_waits_for_the_approval_and_rejecting_does_not(self):
        self.assertIn("awaits the seller's approval", self._accept()["error"])
        self.assertEqual(self.order.state, "sent")
        self.assertFalse(self.order.signature, "nothing of the refused signature is kept")
        response = self.url_open(
            f"{self.url}/decline",
            data={
                "access_token": self.token,
                "decline_message": "Too dear",
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertLess(response.status_code, 400)
        self.assertEqual(self.order.state, "cancel", "the customer may still reject it")

    def test_once_approved_the_customer_signs(self):
        self.order.sudo().crm_suite_approved_discount = 12  # as a sales manager's approval writes it
        self.assertNotIn("error", self._accept())
        self.assertEqual(self.order.state, "sale")
