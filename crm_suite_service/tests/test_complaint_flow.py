from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .complaint_common import INCOMING_EMAIL, TUESDAY_9, ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintFlow(ComplaintCase):
    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_an_email_opens_a_complaint_and_a_reply_threads_on_it(self):
        complaint = self.format_and_process(
            INCOMING_EMAIL,
            "Farhan Qureshi <farhan@example.com>",
            self.team.alias_email,
            subject="Noisy ceiling fan",
            target_model="crm.suite.complaint",
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual((complaint.team_id, complaint.channel), (self.team, "email"))
        self.assertFalse(complaint.partner_id, "a From: proves nothing until the address confirms it")
        email = complaint.message_ids.filtered(lambda message: "grinding noise" in message.body)
        self.assertEqual(email.message_type, "email")
        self._confirm_address(complaint)
        self.assertEqual(complaint.partner_id, self.customer, "the confirmed address is the known customer")
        acknowledgement = complaint.message_ids.filtered(lambda message: "We have received" in (message.subject or ""))
        self.assertEqual(acknowledgement.partner_ids, self.customer)

        first_message_id = email.message_id
        reply = INCOMING_EMAIL.format(
            return_path="farhan@example.com",
            to=self.team.alias_email,
            cc="",
            email_from="Farhan Qureshi <farhan@example.com>",
            subject="Re: Noisy ceiling fan",
            msg_id="<reply-1@example.com>",
            extra=f"In-Reply-To: {first_message_id}\nReferences: {first_message_id}",
        ).replace("grinding noise", "grinding noise, still")
        self.env["mail.thread"].sudo().message_process(None, reply)
        self.assertEqual(self.env["crm.suite.complaint"].search_count([("name", "ilike", "Noisy ceiling fan")]), 1)
        self.assertTrue(complaint.message_ids.filtered(lambda message: "noise, still" in message.body))

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_an_unknown_sender_becomes_a_customer_once_confirmed(self):
        contacts = self.env["res.partner"].search_count([])
        complaint = self.format_and_process(
            INCOMING_EMAIL,
            "New Buyer <new.buyer@example.com>",
            self.team.alias_email,
            subject="Fan from a new buyer",
            target_model="crm.suite.complaint",
        )
        self.assertEqual(self.env["res.partner"].search_count([]), contacts, "no contact for an unproven sender")
        self.assertEqual(complaint.contact_name, "New Buyer")
        self._confirm_address(complaint)
        self.assertEqual(
            (complaint.partner_id.email, complaint.partner_id.name), ("new.buyer@example.com", "New Buyer")
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_spoofed_sender_reaches_nothing_of_the_customer_and_sends_nothing_of_theirs(self):
        complaint = self.format_and_process(
            INCOMING_EMAIL.replace("grinding noise", "grinding noise; PAY THE REFUND TO ACCOUNT 1234"),
            "Farhan Qureshi <farhan@example.com>",
            self.team.alias_email,
            subject="URGENT refund",
            target_model="crm.suite.complaint",
        )
        self.assertFalse(complaint.partner_id)
        self.assertNotIn(self.customer, complaint.message_partner_ids, "the customer follows nothing they did not send")
        outgoing = self.env["mail.mail"].search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
        self.assertEqual(outgoing.mapped("email_to"), ["farhan@example.com"], "only the confirmation link goes out")
        self.assertNotIn("ACCOUNT 1234", outgoing.body_html)
        self.assertNotIn("URGENT", outgoing.subject)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_rotating_forged_senders_make_no_contacts_and_a_capped_number_of_emails(self):
        contacts = self.env["res.partner"].search_count([])
        complaints = self.env["crm.suite.complaint"]
        for sender in range(35):
            complaints |= self.format_and_process(
                INCOMING_EMAIL,
                f"Flood {sender} <flood{sender}@example.com>",
                self.team.alias_email,
                subject=f"Flood {sender}",
                msg_id=f"<flood-{sender}@example.com>",
                target_model="crm.suite.complaint",
            )
        self.assertEqual(len(complaints), 35, "every email is kept for staff")
        self.assertEqual(self.env["res.partner"].search_count([]), contacts)
        confirmations = self.env["mail.mail"].search(
            [("model", "=", complaints._name), ("res_id", "in", complaints.ids)]
        )
        self.assertEqual(len(confirmations), 30, "at most 30 confirmation emails an hour")

    def test_refund_is_a_posted_credit_note_and_its_cost(self):
        self.env["account.chart.template"].try_loading("generic_coa", self.company, install_demo=False)
        product = self.env["product.product"].create(
            {"name": "Ceiling fan", "list_price": 2400, "taxes_id": [Command.clear()]}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "price_unit": 2400, "tax_ids": [Command.clear()]})
                ],
            }
        )
        invoice.action_post()
        complaint = self._complaint(invoice_id=invoice.id, product_id=product.id)
        complaint.resolution_type = "explanation"
        complaint.action_refund()
        credit_note = complaint.credit_note_id
        self.assertEqual((credit_note.move_type, credit_note.reversed_entry_id), ("out_refund", invoice))
        self.assertEqual(complaint.resolution_type, "refund", "the action that resolved it sets the type")
        self.assertEqual(complaint.resolution_cost, 0, "a draft credit note refunds nothing yet")
        credit_note.action_post()
        self.assertEqual(complaint.resolution_cost, 2400)
        with self.assertRaises(UserError):
            complaint.action_refund()

    def test_refund_is_one_unit_of_the_complained_product(self):
        self.env["account.chart.template"].try_loading("generic_coa", self.company, install_demo=False)
        fan, grinder = self.env["product.product"].create(
            [{"name": "Table fan", "list_price": 1800}, {"name": "Mixer grinder", "list_price": 3200}]
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"product_id": grinder.id, "quantity": 3, "tax_ids": [Command.clear()]}),
                    Command.create({"product_id": fan.id, "quantity": 2, "tax_ids": [Command.clear()]}),
                ],
            }
        )
        invoice.action_post()
        complaint = self._complaint(invoice_id=invoice.id, product_id=fan.id)
        complaint.action_refund()
        credit_note = complaint.credit_note_id
        self.assertEqual(
            [(line.product_id, line.quantity, line.price_subtotal) for line in credit_note.invoice_line_ids],
            [(fan, 1, 1800)],
        )
        self.assertEqual(credit_note.state, "draft", "the amount can still be adjusted before posting")
        other = self._complaint(
            invoice_id=invoice.id, product_id=self.env["product.product"].create({"name": "Iron"}).id
        )
        with self.assertRaisesRegex(UserError, "does not hold"):
            other.action_refund()
        stranger = self.env["res.partner"].create({"name": "Someone Else"})
        foreign = self._complaint(partner_id=stranger.id, invoice_id=invoice.id, product_id=fan.id)
        with self.assertRaisesRegex(UserError, "Refund a posted invoice of Someone Else"):
            foreign.action_refund()

    def test_replacement_takes_the_faulty_item_back_through_a_return(self):
        product = self.env["product.product"].create({"name": "Iron", "is_storable": True, "list_price": 900})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
        sale = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        sale.action_confirm()
        delivery = sale.picking_ids
        delivery.move_ids.quantity = 1
        delivery.button_validate()
        complaint = self._complaint(product_id=product.id, sale_order_id=sale.id)
        complaint.action_replace()
        back = complaint.return_picking_id
        self.assertEqual(back.picking_type_code, "incoming")
        self.assertEqual(back.move_ids.origin_returned_move_id, delivery.move_ids)
        self.assertEqual(back.move_ids.product_uom_qty, 1)
        self.assertEqual(complaint.replacement_order_id.order_line.product_id, product)

    def test_replacement_and_repair_are_real_documents(self):
        product = self.env["product.product"].create({"name": "Mixer", "standard_price": 1500, "is_storable": True})
        complaint = self._complaint(product_id=product.id)
        complaint.action_replace()
        order = complaint.replacement_order_id
        self.assertEqual(
            (order.partner_id, order.order_line.product_id, order.amount_total), (self.customer, product, 0)
        )
        order.action_confirm()
        self.assertEqual(complaint.resolution_cost, 1500)
        self.assertTrue(order.picking_ids, "the replacement leaves the warehouse through a delivery")
        complaint.action_repair()
        self.assertEqual(complaint.resolution_repair_id.partner_id, self.customer)
        self.assertEqual(complaint.resolution_type, "repair", "the action that resolved it sets the type")

    def test_closing_asks_for_a_rating_and_stores_it(self):
        complaint = self._complaint()
        complaint.stage_id = self.stage_resolved
        complaint.stage_id = self.stage_closed
        request = complaint.message_ids.filtered(lambda message: "How did we handle" in (message.subject or ""))
        self.assertTrue(request)
        token = complaint._rating_get_access_token()
        self.assertIn(f"/rate/{token}/5", request.body)
        complaint.rating_apply(5, token=token, feedback="Quick and kind")
        self.assertEqual(complaint.rating_value, 5)

    def test_a_customer_reply_reopens_a_resolved_complaint(self):
        complaint = self._complaint()
        complaint.stage_id = self.stage_resolved
        self.assertTrue(complaint.resolved_datetime)
        complaint.message_post(
            body="It is noisy again", author_id=self.customer.id, message_type="email", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(complaint.stage_id, self.stage_in_progress)
        self.assertFalse(complaint.resolved_datetime)

    def test_a_product_with_repeat_complaints_and_a_repeat_customer_are_flagged(self):
        self.company.write({"crm_suite_repeat_complaint_count": 3, "crm_suite_repeat_complaint_days": 30})
        product = self.env["product.product"].create({"name": "Water purifier"})
        other = self.env["res.partner"].create({"name": "Other Buyer"})
        first = self._complaint(product_id=product.id)
        second = self._complaint(product_id=product.id, partner_id=other.id, reported=TUESDAY_9 + timedelta(days=5))
        third = self._complaint(product_id=product.id, partner_id=other.id, reported=TUESDAY_9 + timedelta(days=10))
        late = self._complaint(product_id=product.id, reported=TUESDAY_9 + timedelta(days=45))
        self.assertEqual([c.is_repeat_product for c in (first, second, third, late)], [False, False, True, False])
        self.assertEqual([c.is_repeat_customer for c in (first, second, third, late)], [False, False, True, False])
        # Among these (the demo business has repeat complaints of its own), the Repeat Complaints filter lists one.
        listed = (first | second | third | late).filtered_domain(
            ["|", ("is_repeat_product", "=", True), ("is_repeat_customer", "=", True)]
        )
        self.assertEqual(listed, third)

    def test_one_click_from_a_job_card_and_an_invoice(self):
        job = self.env["repair.order"].create({"partner_id": self.customer.id})
        action = job.action_new_complaint()
        self.assertEqual(action["context"]["default_repair_order_id"], job.id)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_a_new_complaint_reads_new_until_it_has_a_subject(self):
        Complaint = self.env["crm.suite.complaint"]
        self.assertEqual(Complaint.new({}).display_name, "New")
        self.assertEqual(Complaint.new({"name": "Fan hums"}).display_name, "New Fan hums")

    def test_compensation_above_the_class_discount_limit_is_a_sales_managers(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "Our apologies",
                "program_type": "coupons",
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 20, "discount_mode": "percent"})],
            }
        )
        self.company.crm_suite_complaint_coupon_program_id = program
        self.env["crm.suite.service.level"].search([("company_id", "=", self.company.id)]).max_discount_percent = 10
        complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "a sales manager compensates them"):
            complaint.with_user(self.assignee).action_compensate()
        self.assertFalse(complaint.coupon_id)
        sales_manager = new_test_user(
            self.env,
            login="complaint_sales_manager",
            groups="crm_suite_service.group_service_adviser,sales_team.group_sale_manager",
        )
        complaint.with_user(sales_manager).action_compensate()
        self.assertEqual(complaint.coupon_id.program_id, program)
        self.assertEqual(complaint.coupon_id.partner_id, self.customer)
        note = complaint.message_ids.filtered(lambda message: "above what a salesperson may give" in str(message.body))
        self.assertIn(sales_manager.name, str(note.body))
        with self.assertRaises(UserError):
            complaint.with_user(sales_manager).action_compensate()

    def test_compensation_within_the_class_limit_needs_no_manager(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "Small apology",
                "program_type": "coupons",
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 5, "discount_mode": "percent"})],
            }
        )
        self.company.crm_suite_complaint_coupon_program_id = program
        self.env["crm.suite.service.level"].search([("company_id", "=", self.company.id)]).max_discount_percent = 10
        complaint = self._complaint()
        complaint.with_user(self.assignee).action_compensate()
        self.assertEqual(complaint.resolution_type, "compensation")
        self.assertFalse(complaint.message_ids.filtered(lambda message: "a salesperson may give" in str(message.body)))
        # Without a limit set for the class, or with an amount rather than a percentage, it is a manager's.
        self.env["crm.suite.service.level"].search([("company_id", "=", self.company.id)]).max_discount_percent = 0
        with self.assertRaisesRegex(UserError, "no limit set"):
            self._complaint().with_user(self.assignee).action_compensate()
        self.env["crm.suite.service.level"].search([("company_id", "=", self.company.id)]).max_discount_percent = 10
        program.reward_ids.write({"discount_mode": "per_order", "discount": 500})
        with self.assertRaises(UserError):
            self._complaint().with_user(self.assignee).action_compensate()
