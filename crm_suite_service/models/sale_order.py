from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .crm_suite_feedback_mixin import FEEDBACK_WINDOW_DAYS

# A reversed invoice is settled by its credit note: what is left to pay is on the other invoices.
SETTLED = ("paid", "in_payment", "reversed")


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["crm.suite.feedback.mixin", "sale.order"]

    def _crm_suite_feedback_due_domain(self, company):
        """Orders of the last days delivered, or invoiced and paid (the company's choice); a job card's
        estimate is asked about as the job card."""
        since = fields.Datetime.now() - timedelta(days=FEEDBACK_WINDOW_DAYS)
        done = {
            "delivered": [("delivery_status", "=", "full")],
            "paid": [
                ("invoice_status", "=", "invoiced"),
                (
                    "invoice_ids",
                    "not any",
                    [("move_type", "=", "out_invoice"), ("state", "=", "posted"), ("payment_state", "not in", SETTLED)],
                ),
                ("invoice_ids", "any", [("move_type", "=", "out_invoice"), ("state", "=", "posted")]),
            ],
        }.get(company.crm_suite_sale_feedback)
        if done is None:
            return [("id", "=", False)]
        return [("state", "=", "sale"), ("date_order", ">=", since), ("repair_order_ids", "=", False), *done]

    def _crm_suite_feedback_complaint_values(self, rating):
        return {**super()._crm_suite_feedback_complaint_values(rating), "sale_order_id": self.id}

    @api.model
    def _cron_request_feedback(self):
        self._crm_suite_request_due_feedback(on_batch_done=self.env["ir.cron"]._commit_progress)

    def _action_confirm(self):
        """The customer's approval of a job card's estimate releases the job card to the workshop.

        Signed on the portal (as superuser), or confirmed by sales staff for the customer: a
        technician, who may write sale orders through Inventory, does not approve estimates.
        """
        jobs = self._estimated_job_cards().filtered(lambda job: job.state == "draft")
        if jobs and not (self.env.su or self.env.user.has_group("sales_team.group_sale_salesman")):
            raise AccessError(self.env._("Only sales staff confirm a job card's estimate for the customer."))
        result = super()._action_confirm()
        for job in jobs.filtered(lambda job: not job.approval_datetime):
            job._stamp_approval("signature" if job.sale_order_id.signature else "quotation")
        jobs._action_repair_confirm()
        self._recompute_compensation_costs()
        return result

    def _action_cancel(self):
        """A rejected estimate cancels its job card and asks the adviser to call the customer."""
        result = super()._action_cancel()
        self._recompute_compensation_costs()
        jobs = self._estimated_job_cards().filtered(lambda job: job.state not in ("done", "cancel"))
        jobs.action_repair_cancel()
        for job in jobs:
            job.message_post(body=self.env._("Estimate %(order)s rejected.", order=job.sale_order_id.name))
            job.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._("Estimate rejected: revise it or arrange the pickup"),
                user_id=(job.user_id or self.env.user).id,
            )
        return result

    def _recompute_compensation_costs(self):
        """The complaints whose compensation coupon these orders use count its discount once the order
        is confirmed, and no more once cancelled: their coupon's points change before the state does."""
        coupons = self.order_line.coupon_id
        if not coupons:
            return  # most orders: no query on the confirmation's path
        # sudo: the complaints are the engine's to recompute, whoever confirms the order.
        complaints = self.env["crm.suite.complaint"].sudo().search([("coupon_id", "in", coupons.ids)])
        for name in ("resolution_cost", "resolution_refund", "resolution_goods_cost", "resolution_coupon_discount"):
            self.env.add_to_compute(complaints._fields[name], complaints)

    def _estimated_job_cards(self):
        # Job cards quoted by this order; those created from a repair product line follow Odoo's own flow.
        # sudo: salespeople without Inventory rights confirm and cancel quotations too, and the job card
        # follows its estimate whoever decides it (Odoo's repair reads this field as superuser as well).
        return self.sudo().repair_order_ids.filtered(lambda job: not job.sale_order_line_id)
