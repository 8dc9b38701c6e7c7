from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_suite.tests.common import new_company_user

from .common import JobCardCase


@tagged("post_install", "-at_install")
class TestJobCardRules(JobCardCase):
    """Registration numbers per company, repairs sold as a product, and the job card reports."""

    def test_a_registration_number_is_unique_within_a_company_only(self):
        Asset = self.env["crm.suite.service.asset"]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            # The bike's MH12XY4321, typed another way.
            Asset.create({"partner_id": self.customer.id, "registration_number": "mh12xy 4321"})
        other_company = self.env["res.company"].create({"name": "Other Service Centre"})
        elsewhere = Asset.create(
            {"partner_id": self.customer.id, "registration_number": "mh12xy4321", "company_id": other_company.id}
        )
        self.assertEqual(
            (elsewhere.registration_number, elsewhere.company_id), (self.bike.registration_number, other_company)
        )

    def _sell_repair(self):
        repair_service = self.env["product.product"].create(
            {
                "name": "Doorstep AC repair",
                "type": "service",
                "service_tracking": "repair",
                "list_price": 800,
                "taxes_id": [Command.clear()],
            }
        )
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": repair_service.id})]}
        )
        order.action_confirm()
        return order, order.repair_order_ids

    def test_a_repair_sold_as_a_product_keeps_odoos_flow_without_the_approval_step(self):
        order, job = self._sell_repair()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.sale_order_line_id, order.order_line)
        # Odoo confirms the repair with the sale: no estimate to approve, no approval recorded.
        self.assertRecordValues(job, [{"state": "confirmed", "service_stage": "approved", "approval_method": False}])
        self.assertFalse(job.approval_datetime)
        job.action_repair_start()
        self.assertEqual(job.state, "under_repair")

    def test_a_sold_repair_confirmed_again_is_no_approved_estimate(self):
        order, job = self._sell_repair()
        order._action_cancel()
        self.assertEqual(job.state, "cancel", "Odoo cancels the repair with its sale")
        self.assertFalse(job.activity_ids, "no call-back activity for a rejected estimate")
        job.action_repair_cancel_draft()
        order.action_draft()
        order.action_confirm()
        # Odoo leaves a repair set back to draft for the workshop to confirm: the sale approved no estimate.
        self.assertRecordValues(job, [{"state": "draft", "approval_method": False}])
        self.assertFalse(job.message_ids.filtered(lambda message: "Estimate approved" in str(message.body)))

    def test_job_card_analysis_revenue_is_the_approved_estimates_untaxed_amount(self):
        tax = self.env["account.tax"].create({"name": "Test GST 18%", "amount": 18, "company_id": self.company.id})
        approved = self._job()
        approved.action_send_estimate()
        approved.sale_order_id.order_line.tax_ids = tax
        approved.sale_order_id.action_confirm()
        quoted = self._job()
        quoted.action_send_estimate()
        estimate = approved.sale_order_id
        self.assertNotEqual(estimate.amount_untaxed, estimate.amount_total)
        self.env.flush_all()
        revenue = {
            row["repair_id"][0]: row["revenue"]
            for row in self.env["crm.suite.service.job.report"].search_read(
                [("repair_id", "in", (approved | quoted).ids)], ["repair_id", "revenue"]
            )
        }
        self.assertEqual(revenue, {approved.id: estimate.amount_untaxed, quoted.id: 0})
        self.assertEqual(estimate.amount_untaxed, 1300, "brake pads 300 and two hours of labour at 500")

    def test_technicians_report_adds_up_labour_per_technician(self):
        helper = new_company_user(
            self.env, self.company, "second_technician", "crm_suite_service.group_service_technician"
        )
        job = self._job()
        job.labour_ids.actual_hours = 2.5
        job.labour_ids = [
            Command.create(
                {"product_id": self.labour.id, "estimated_hours": 1, "actual_hours": 1.5, "technician_id": helper.id}
            )
        ]
        cancelled = self._job()
        cancelled.labour_ids.actual_hours = 4
        cancelled.action_repair_cancel()
        action = self.env.ref("crm_suite_service.action_crm_suite_service_labour_report")
        self.assertEqual(action.res_model, "crm.suite.service.labour")
        rows = self.env["crm.suite.service.labour"]._read_group(
            [*safe_eval(action.domain), ("repair_id", "in", (job | cancelled).ids)],
            ["technician_id"],
            ["estimated_hours:sum", "actual_hours:sum", "price_subtotal:sum"],
        )
        self.assertEqual(
            {technician: figures for technician, *figures in rows},
            {self.technician: [2, 2.5, 1000], helper: [1, 1.5, 500]},
            "a cancelled job card's labour counts for nobody",
        )
