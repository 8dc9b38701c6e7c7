from datetime import timedelta

from odoo import Command, api, fields, models

# What a salesperson of the demo business may give each class, in percent.
DEMO_DISCOUNT_LIMITS = {"A": 15, "B": 10, "C": 5}


class CrmSuiteDemo(models.AbstractModel):
    """Builds two years of sales history for the demo customers.

    Demo XML cannot express "an order every six weeks since two years ago, paid
    late": the plans live in demo/sales_history_demo.xml, the mechanics here,
    going through the real sale, invoice and payment flows so that every figure
    the suite computes from them is true.
    """

    _name = "crm.suite.demo"
    _description = "CRM Suite demo history builder"

    @api.model
    def _demo_company(self):
        return self.env.ref("base.demo_company_in", raise_if_not_found=False) or self.env.ref("base.main_company")

    @api.model
    def _setup_demo_company(self, values, tz):
        """Dress the demo company as the demo business and open the demo users' session on it.

        Visitors (the public user, so the public complaint form and the portal footer) belong
        to it too, and its address, working hours and SLA clocks are in its own time zone.
        """
        company = self._demo_company()
        company.write(values)
        company.partner_id.tz = tz
        company.resource_calendar_id.tz = tz
        # Odoo opens its layout wizard on a company's first print; the demo business has chosen one.
        if not company.external_report_layout_id:
            company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        users = self.env.ref("base.user_admin") | self.env.ref("base.user_demo") | self.env.ref("base.public_user")
        users.write({"company_ids": [Command.link(company.id)], "company_id": company.id})
        # Odoo's Indian demo company is created before Inventory, which only gives
        # the first company a warehouse: sales with delivery need one.
        Warehouse = self.env.get("stock.warehouse")
        if Warehouse is not None and not Warehouse.search_count([("company_id", "=", company.id)]):
            Warehouse.create({"name": company.name, "code": "SHAW", "company_id": company.id})

    @api.model
    def _set_product_costs(self, costs):
        """Each product's cost in the demo company, from (product id, cost) pairs."""
        company = self._demo_company()
        for product_id, cost in costs:
            self.env["product.product"].browse(product_id).with_company(company).standard_price = cost

    @api.model
    def _set_hsn_codes(self, codes):
        """Each product's HSN/SAC code, from (product id, code) pairs, where Indian GST asks for them."""
        Product = self.env["product.product"]
        if "l10n_in_hsn_code" not in Product._fields:
            return  # not an Indian database: no GST code to give
        for product_id, code in codes:
            Product.browse(product_id).l10n_in_hsn_code = code

    @api.model
    def _setup_service_levels(self):
        """The demo company serves its classes as the main company does, and limits their discounts."""
        company = self._demo_company()
        Level = self.env["crm.suite.service.level"]
        if Level.search_count([("company_id", "=", company.id)]):
            return
        main_levels = Level.search([("company_id", "=", self.env.ref("base.main_company").id)])
        for level in main_levels.copy({"company_id": company.id}):
            level.max_discount_percent = DEMO_DISCOUNT_LIMITS[level.abc_class]

    @api.model
    def _create_sales_history(self, plans, company=None):
        today = fields.Date.context_today(self)
        company = company or self._demo_company()
        quiet = self.with_company(company).with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        for plan in plans:
            partner = self.env["res.partner"].browse(plan["partner"])
            products = self.env["product.product"].browse(plan["products"])
            order_dates = self._spread_dates(today, plan["first_days_ago"], plan["last_days_ago"], plan["orders"])
            for index, order_date in enumerate(order_dates):
                order = quiet._create_confirmed_order(partner, products, index, order_date)
                invoice = quiet._invoice_order(order, order_date)
                quiet._pay_invoice(invoice, plan["payment"], index == len(order_dates) - 1, today)

    @api.model
    def _spread_dates(self, today, first_days_ago, last_days_ago, count):
        if count == 1:
            return [today - timedelta(days=last_days_ago)]
        step = (first_days_ago - last_days_ago) / (count - 1)
        return [today - timedelta(days=round(first_days_ago - step * i)) for i in range(count)]

    @api.model
    def _create_confirmed_order(self, partner, products, index, order_date):
        product = products[index % len(products)]
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (partner.commercial_partner_id.user_id or self.env.ref("base.user_admin")).id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1 + index % 3})],
            }
        )
        order.action_confirm()
        # Confirmation stamps "now": put the order back on its day.
        order.date_order = fields.Datetime.to_datetime(order_date) + timedelta(hours=11)
        for picking in order.picking_ids if "picking_ids" in order else []:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking._action_done()
            picking.date_done = order.date_order
        return order

    @api.model
    def _invoice_order(self, order, invoice_date):
        invoice = order._create_invoices()
        invoice.write(
            {
                "invoice_date": invoice_date,
                "invoice_payment_term_id": self.env.ref("account.account_payment_term_30days").id,
            }
        )
        invoice.action_post()
        return invoice

    @api.model
    def _pay_invoice(self, invoice, behaviour, is_last, today):
        """Pay as the customer would: on time, late, in two parts, or not the last bill."""
        due = invoice.invoice_date_due
        if behaviour == "on_time":
            payments = [(invoice.invoice_date + timedelta(days=5), invoice.amount_total)]
        elif behaviour == "late":
            payments = [(due + timedelta(days=25), invoice.amount_total)]
        elif behaviour == "partial":
            half = invoice.currency_id.round(invoice.amount_total / 2)
            payments = [
                (invoice.invoice_date + timedelta(days=10), half),
                (due + timedelta(days=15), invoice.amount_total - half),
            ]
        elif behaviour == "unpaid_last" and is_last:
            payments = []
        else:
            payments = [(due - timedelta(days=2), invoice.amount_total)]
        for payment_date, amount in payments:
            if payment_date > today:
                break
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": payment_date, "amount": amount})._create_payments()

    @api.model
    def _mark_customer_lost(self, partner_id, reason_id, competitor_id, note):
        company = self._demo_company()
        Loss = self.env["crm.suite.customer.loss"].with_company(company)
        if Loss.search_count([("partner_id", "=", partner_id)]):
            return  # the demo data loads again on each update of the module
        Loss.create(
            {
                "partner_id": partner_id,
                "company_id": company.id,
                "lost_reason_id": reason_id,
                "competitor_id": competitor_id,
                "note": note,
            }
        )
