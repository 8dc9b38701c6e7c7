from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import new_company_user, web_client_specification, with_chart_of_accounts

CUSTOMER_360 = "crm_suite.view_partner_form_customer_360"
TODAY = date(2026, 11, 30)
MONEY_FIELDS = {
    "lifetime_value",
    "predicted_lifetime_value",
    "lifetime_margin",
    "cost_to_serve",
    "profit_after_service",
    "crm_suite_open_quotation_ids",
    "crm_suite_unpaid_invoice_ids",
    "crm_suite_unpaid_amount",
    "crm_suite_overdue_invoice_amount",
}


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestCustomer360(TransactionCase):
    """One page per customer: each part shown to whom its groups allow, in as many queries for a long
    history as for a short one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Customer 360 Traders", "currency_id": cls.env.ref("base.INR").id}
        )
        cls.env.user.company_ids |= cls.company
        with_chart_of_accounts(cls.env, cls.company)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.salesperson = new_company_user(cls.env, cls.company, "c360_sales", "crm_suite.group_crm_suite_user")
        cls.colleague = new_company_user(cls.env, cls.company, "c360_colleague", "crm_suite.group_crm_suite_user")
        cls.trusted = new_company_user(
            cls.env,
            cls.company,
            "c360_trusted",
            "crm_suite.group_crm_suite_user,crm_suite.group_crm_suite_personal_data",
        )
        cls.employee = new_company_user(cls.env, cls.company, "c360_employee", "base.group_user")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Kavya Menon",
                "email": "kavya@example.in",
                "phone": "+91 98450 11223",
                "birthday": date(1990, 12, 5),
                "preferred_channel": "whatsapp",
                "consent_whatsapp": True,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Mixer grinder", "type": "consu", "list_price": 3200.0, "taxes_id": [Command.clear()]}
        )

    def _quotation(self, user=None, partner=None):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "user_id": (user or self.salesperson).id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )

    def _invoice(self, due_days=30, invoice_date=TODAY, partner=None):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_user_id": self.salesperson.id,
                "invoice_date": invoice_date,
                "invoice_date_due": invoice_date + timedelta(days=due_days),
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 1000.0})],
            }
        )
        invoice.action_post()
        return invoice

    def _open_360(self, user, partner=None):
        """The 360 as ``user``'s web client reads it: its specification and the values it gets."""
        customer = (partner or self.customer).with_user(user)
        specification = web_client_specification(customer, CUSTOMER_360)
        [values] = customer.web_read(specification)
        return specification, values

    def test_salesperson_sees_value_quotations_invoices_and_activities(self):
        quotation = self._quotation()
        invoice = self._invoice()
        self.customer.activity_schedule("mail.mail_activity_data_call", summary="Ask about the new mixer")
        specification, values = self._open_360(self.salesperson)
        self.assertLessEqual(MONEY_FIELDS, specification.keys())
        self.assertEqual([row["id"] for row in values["crm_suite_open_quotation_ids"]], quotation.ids)
        self.assertEqual([row["id"] for row in values["crm_suite_unpaid_invoice_ids"]], invoice.ids)
        self.assertEqual([row["summary"] for row in values["activity_ids"]], ["Ask about the new mixer"])
        self.assertEqual((values["preferred_channel"], values["consent_whatsapp"]), ("whatsapp", True))

    def test_employee_without_money_rights_opens_the_360_without_money(self):
        self._quotation()
        self._invoice()
        specification, values = self._open_360(self.employee)
        self.assertFalse(MONEY_FIELDS & specification.keys())
        self.assertEqual(values["name"], "Kavya Menon")
        self.assertIn("activity_ids", values)
        # Nor by RPC: the fields themselves are the sales team's and accounting's.
        for money_field in ("lifetime_value", "crm_suite_unpaid_invoice_ids", "crm_suite_open_quotation_ids"):
            with self.subTest(field=money_field), self.assertRaises(AccessError):
                self.customer.with_user(self.employee).web_read({money_field: {}})

    def test_occasions_are_shown_to_the_personal_data_group_only(self):
        specification, _values = self._open_360(self.salesperson)
        self.assertNotIn("crm_suite_occasion_ids", specification)
        self.assertNotIn("crm_suite_occasion_ids", self._open_360(self.employee)[0])
        _specification, values = self._open_360(self.trusted)
        [birthday] = values["crm_suite_occasion_ids"]
        self.assertEqual((birthday["occasion"], birthday["occasion_date"]), ("birthday", date(2026, 12, 5)))

    def test_lists_follow_the_viewers_record_rules(self):
        own, colleagues = self._quotation(), self._quotation(user=self.colleague)
        _specification, values = self._open_360(self.salesperson)
        self.assertEqual([row["id"] for row in values["crm_suite_open_quotation_ids"]], own.ids)
        self.salesperson.group_ids |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        _specification, values = self._open_360(self.salesperson)
        self.assertEqual({row["id"] for row in values["crm_suite_open_quotation_ids"]}, {own.id, colleagues.id})

    def test_unpaid_and_overdue_invoices_of_the_customer_and_their_contacts(self):
        company = self.env["res.partner"].create({"name": "Menon Kitchens", "is_company": True})
        buyer = self.env["res.partner"].create({"name": "Ravi Menon", "parent_id": company.id})
        overdue = self._invoice(due_days=15, invoice_date=TODAY - timedelta(days=40), partner=company)
        due = self._invoice(partner=buyer)
        paid = self._invoice(partner=company)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=paid.ids).create(
            {}
        )._create_payments()
        self._quotation(partner=buyer).action_confirm()  # an order is no longer an open quotation
        _specification, values = self._open_360(self.salesperson, company)
        self.assertEqual([row["id"] for row in values["crm_suite_unpaid_invoice_ids"]], [overdue.id, due.id])
        self.assertEqual(values["crm_suite_overdue_invoice_count"], 1)
        self.assertEqual(values["crm_suite_overdue_invoice_amount"], 1000.0)
        self.assertEqual(values["crm_suite_unpaid_amount"], 2000.0)
        self.assertFalse(values["crm_suite_open_quotation_ids"])

    def test_unpaid_is_less_the_open_credit_notes(self):
        invoice = self._invoice(due_days=15, invoice_date=TODAY - timedelta(days=40))
        # A credit note not yet matched to any invoice: what the customer is owed back, until it is used.
        credit_note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "invoice_user_id": self.salesperson.id,
                "invoice_date": TODAY,
                "invoice_line_ids": [Command.create({"product_id": self.product.id, "price_unit": 400.0})],
            }
        )
        credit_note.action_post()
        _specification, values = self._open_360(self.salesperson)
        self.assertEqual({row["id"] for row in values["crm_suite_unpaid_invoice_ids"]}, {invoice.id, credit_note.id})
        self.assertEqual(values["crm_suite_unpaid_amount"], 600.0, "1,000 invoiced less the 400 credit note")
        self.assertEqual(values["crm_suite_overdue_invoice_count"], 1, "a credit note is never overdue")

    def test_a_companys_page_shows_its_contacts_occasions(self):
        company = self.env["res.partner"].create({"name": "Menon Kitchens", "is_company": True})
        self.customer.parent_id = company
        _specification, values = self._open_360(self.trusted, company)
        self.assertEqual([row["occasion"] for row in values["crm_suite_occasion_ids"]], ["birthday"])

    def test_opening_takes_as_many_queries_for_sixty_documents_as_for_three(self):
        short = self.customer
        long = self.env["res.partner"].create({"name": "Suresh Pillai", "birthday": date(1975, 1, 20)})
        for partner, count in ((short, 3), (long, 60)):
            for _document in range(count):
                self._quotation(user=self.trusted, partner=partner)
                self._invoice(partner=partner)
                partner.activity_schedule("mail.mail_activity_data_call", summary="Call back")
        self.assertEqual(self._queries(self.trusted, short), self._queries(self.trusted, long))

    def _queries(self, user, partner):
        customer = partner.with_user(user)
        specification = web_client_specification(customer, CUSTOMER_360)
        # Read first: access rights and other registry caches are then warm for both counts.
        for _warm_up in range(2):
            self.env.invalidate_all()
            customer.web_read(specification)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        [values] = customer.web_read(specification)
        # Every quotation is listed, the first page of them read, as the web client's list does.
        quotations = values["crm_suite_open_quotation_ids"]
        self.assertEqual(len(quotations), len(partner.sale_order_ids))
        self.assertEqual(len([row for row in quotations if "name" in row]), min(40, len(quotations)))
        return self.env.cr.sql_log_count - before

    def test_opened_on_the_customer_from_a_contact_an_order_and_an_opportunity(self):
        company = self.env["res.partner"].create({"name": "Menon Kitchens", "is_company": True})
        buyer = self.env["res.partner"].create({"name": "Ravi Menon", "parent_id": company.id})
        view = self.env.ref(CUSTOMER_360)
        order = self._quotation(partner=buyer)
        lead = self.env["crm.lead"].create({"name": "Kitchen fit-out", "partner_id": buyer.id, "type": "opportunity"})
        for record in (buyer, order, lead):
            with self.subTest(model=record._name):
                action = record.with_user(self.salesperson).action_crm_suite_customer_360()
                self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", company.id))
                self.assertEqual(action["views"], [(view.id, "form")])
        with self.assertRaises(UserError):
            self.env["crm.lead"].create({"name": "No customer yet"}).action_crm_suite_customer_360()

    def test_another_companys_customer_and_order_are_refused(self):
        other_company = self.env["res.company"].create({"name": "Elsewhere Traders"})
        stranger = self.env["res.partner"].create({"name": "Not Ours", "company_id": other_company.id})
        order = (
            self.env["sale.order"]
            .with_company(other_company)
            .create({"partner_id": stranger.id, "company_id": other_company.id})
        )
        for record in (stranger, order):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.salesperson).action_crm_suite_customer_360()

    def test_portal_user_reads_no_part_of_their_own_360(self):
        portal = new_company_user(self.env, self.company, "c360_portal", "base.group_portal")
        self._invoice(partner=portal.partner_id)
        for field in MONEY_FIELDS | {"crm_suite_occasion_ids", "crm_suite_overdue_invoice_count"}:
            with self.subTest(field=field), self.assertRaises(AccessError):
                portal.partner_id.with_user(portal).web_read({field: {}})
