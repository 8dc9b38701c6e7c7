from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_suite.tests.common import with_chart_of_accounts

from .complaint_common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintRules(ComplaintCase):
    """SLA by class, the invoice's New Complaint, matching by hand, refund, survey, returns and the analysis."""

    def _acknowledgements(self, complaint):
        return complaint.message_ids.filtered(lambda message: "We have received" in (message.subject or ""))

    def _invoice(self, partner, product):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "price_unit": 1200, "tax_ids": [Command.clear()]})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_the_sla_policy_follows_the_customers_abc_class(self):
        class_a_policy = self.env["crm.suite.sla.policy"].create(
            {"name": "Class A", "sequence": 1, "abc_class": "A", "response_hours": 1, "resolution_hours": 8}
        )
        big_buyer = self.env["res.partner"].create({"name": "Big Buyer", "email": "big@example.com"})
        small_buyer = self.env["res.partner"].create({"name": "Small Buyer", "email": "small@example.com"})
        # The class is the segmentation's (engine-owned): only the engine, as superuser, writes it.
        big_buyer.with_company(self.company).sudo().abc_class = "A"
        small_buyer.with_company(self.company).sudo().abc_class = "B"
        self.assertEqual(self._complaint(partner_id=big_buyer.id).sla_policy_id, class_a_policy)
        self.assertEqual(self._complaint(partner_id=small_buyer.id).sla_policy_id, self.policy)
        contact = self.env["res.partner"].create({"name": "Big Buyer's clerk", "parent_id": big_buyer.id})
        self.assertEqual(
            self._complaint(partner_id=contact.id).sla_policy_id, class_a_policy, "the company's class counts"
        )

    def test_new_complaint_from_an_invoice_fills_in_the_customer_invoice_and_product(self):
        with_chart_of_accounts(self.env, self.company)
        kettle = self.env["product.product"].create({"name": "Electric kettle", "list_price": 1200})
        invoice = self._invoice(self.customer, kettle)
        action = invoice.action_new_complaint()
        self.assertEqual((action["res_model"], action["view_mode"]), ("crm.suite.complaint", "form"))
        complaint = self.env["crm.suite.complaint"].with_context(**action["context"]).create({"name": "Kettle leaks"})
        self.assertRecordValues(
            complaint,
            [{"partner_id": self.customer.id, "invoice_id": invoice.id, "product_id": kettle.id, "channel": "phone"}],
        )

    def test_matching_an_unproven_sender_by_hand_acknowledges_once(self):
        complaint = (
            self.env["crm.suite.complaint"]
            .sudo()
            .create(
                {
                    "name": "Voucher refused",
                    "channel": "website",
                    "email_from": "walk.by@example.com",
                    "contact_name": "Walk-by Visitor",
                    "contact_phone": "+91 98000 22222",
                    "team_id": self.team.id,
                }
            )
        )
        self.assertFalse(self._acknowledgements(complaint), "no acknowledgement to an unproven address")
        complaint.with_user(self.assignee).partner_id = self.customer
        acknowledgement = self._acknowledgements(complaint)
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.partner_ids, self.customer)
        complaint.with_user(self.assignee).write({"partner_id": self.customer.id, "name": "Voucher refused twice"})
        self.assertEqual(len(self._acknowledgements(complaint)), 1, "a matched complaint is not acknowledged again")

    def test_the_credit_note_reference_is_in_the_customers_language(self):
        with_chart_of_accounts(self.env, self.company)
        self.env["res.lang"]._activate_lang("hi_IN")
        fan = self.env["product.product"].create({"name": "Table fan", "list_price": 1200})
        hindi_customer = self.env["res.partner"].create({"name": "Sunita Yadav", "lang": "hi_IN"})
        hindi = self._complaint(partner_id=hindi_customer.id, product_id=fan.id)
        hindi.invoice_id = self._invoice(hindi_customer, fan)
        english = self._complaint(product_id=fan.id)
        english.invoice_id = self._invoice(self.customer, fan)
        hindi.action_refund()
        english.action_refund()
        self.assertIn(f"शिकायत {hindi.reference}", hindi.credit_note_id.ref)
        self.assertNotIn("Complaint", hindi.credit_note_id.ref)
        self.assertIn(f"Complaint {english.reference}", english.credit_note_id.ref)

    def test_closing_with_the_company_survey_sends_its_link_with_the_rating_request(self):
        survey = self.env["survey.survey"].create({"title": "After your complaint"})
        self.company.crm_suite_complaint_survey_id = survey
        complaint = self._complaint()
        complaint.stage_id = self.stage_resolved
        self.assertFalse(complaint.survey_answer_id, "the survey goes with the rating, on closing")
        complaint.stage_id = self.stage_closed
        answer = complaint.survey_answer_id
        self.assertEqual((answer.survey_id, answer.partner_id), (survey, self.customer))
        request = complaint.message_ids.filtered(lambda message: "How did we handle" in (message.subject or ""))
        self.assertEqual(len(request), 1)
        self.assertIn(f"/survey/start/{survey.access_token}?answer_token={answer.access_token}", str(request.body))

    def test_closing_without_a_survey_sends_no_survey_link(self):
        self.company.crm_suite_complaint_survey_id = False
        complaint = self._complaint()
        complaint.stage_id = self.stage_closed
        self.assertFalse(complaint.survey_answer_id)
        request = complaint.message_ids.filtered(lambda message: "How did we handle" in (message.subject or ""))
        self.assertNotIn("/survey/start/", str(request.body))

    def _delivered_and_returned(self, product, validate_return):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
        sale = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        sale.action_confirm()
        delivery = sale.picking_ids
        delivery.move_ids.quantity = 1
        delivery.button_validate()
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        back = wizard._create_return()
        if validate_return:
            back.move_ids.quantity = 1
            back.button_validate()
            self.assertEqual(back.state, "done")
        return back

    def test_a_validated_return_counts_toward_the_repeat_product_flag(self):
        self.company.write({"crm_suite_repeat_complaint_count": 3, "crm_suite_repeat_complaint_days": 90})
        returned = self.env["product.product"].create({"name": "Returned iron", "is_storable": True})
        pending = self.env["product.product"].create({"name": "Iron on its way back", "is_storable": True})
        self._delivered_and_returned(returned, validate_return=True)
        self._delivered_and_returned(pending, validate_return=False)
        other = self.env["res.partner"].create({"name": "Another Buyer"})
        # Recent complaints, an hour apart: the product's returns are counted back from each one's date.
        earlier, now = datetime.now() - timedelta(hours=1), datetime.now()
        first = self._complaint(product_id=returned.id, reported=earlier)
        second = self._complaint(product_id=returned.id, partner_id=other.id, reported=now)
        self.assertEqual([first.is_repeat_product, second.is_repeat_product], [False, True], "2 complaints + 1 return")
        not_back_yet = self._complaint(product_id=pending.id, reported=earlier)
        not_back_yet |= self._complaint(product_id=pending.id, partner_id=other.id, reported=now)
        self.assertEqual(
            not_back_yet.mapped("is_repeat_product"), [False, False], "a return not received counts nothing"
        )

    def test_complaint_analysis_averages_sla_kept_and_csat_over_the_complaints_they_apply_to(self):
        breached = self._complaint()
        with freeze_time(datetime(2026, 12, 4, 10, 0)):
            breached.stage_id = self.stage_resolved
        on_time = self._complaint()
        with freeze_time(datetime(2026, 12, 1, 11, 0)):
            on_time.stage_id = self.stage_resolved
        still_open = self._complaint()
        self.assertEqual([breached.is_sla_breached, on_time.is_sla_breached], [True, False])
        breached.rating_apply(5, token=breached._rating_get_access_token())
        on_time.rating_apply(2, token=on_time._rating_get_access_token())
        self.env.flush_all()
        complaints = breached | on_time | still_open
        [[count, sla_kept, csat]] = self.env["crm.suite.complaint.report"]._read_group(
            [("complaint_id", "in", complaints.ids)],
            aggregates=["complaint_count:sum", "sla_compliance:avg", "csat:avg"],
        )
        # The open, unrated complaint counts as a complaint, in neither average.
        self.assertEqual((count, sla_kept, csat), (3, 50, 50))
        by_complaint = {
            row["complaint_id"][0]: (row["sla_compliance"], row["csat"])
            for row in self.env["crm.suite.complaint.report"].search_read(
                [("complaint_id", "in", complaints.ids)], ["complaint_id", "sla_compliance", "csat"]
            )
        }
        self.assertEqual(by_complaint[breached.id], (0, 100), "breached, rated 5")
        self.assertEqual(by_complaint[on_time.id], (100, 0), "kept, rated 2")
