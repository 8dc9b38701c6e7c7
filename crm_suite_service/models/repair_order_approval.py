from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .repair_order import APPROVAL_METHODS


class RepairOrder(models.Model):
    """The customer's approval of a job card's estimate: how and when it was given, and no work
    before it."""

    _inherit = "repair.order"

    approval_method = fields.Selection(APPROVAL_METHODS, readonly=True, copy=False, engine_owned=True)

    approval_datetime = fields.Datetime(string="Approved On", readonly=True, copy=False, engine_owned=True)

    approval_user_id = fields.Many2one(
        "res.users", string="Approval Recorded By", readonly=True, copy=False, engine_owned=True
    )

    approval_note = fields.Char(readonly=True, copy=False, engine_owned=True)

    @api.constrains("state")
    def _check_approved_before_work(self):
        # The rule holds however the state changes: a button, the kanban, a sale order, an RPC write.
        for job in self:
            quoted = job.sale_order_id and not job.sale_order_line_id
            if quoted and job.state not in ("draft", "cancel") and not job.approval_datetime:
                raise ValidationError(
                    self.env._(
                        "The customer has not approved the estimate of %(jobs)s yet. Wait for their signature on"
                        " the portal, or record the approval they gave by phone or in person.",
                        jobs=job.name,
                    )
                )

    def action_send_estimate(self):
        """Quote the job card's parts and labour and send the customer the link to approve or reject it."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only a job card not yet approved can be sent an estimate."))
        if not self.move_ids and not self.labour_ids:
            raise UserError(self.env._("Add the parts or the labour to quote before sending the estimate."))
        if not self.sale_order_id:
            self._create_sale_order()
            self.labour_ids._sync_sale_order_lines()
        elif self.sale_order_id.state == "cancel":
            self.sale_order_id.action_draft()
        # Approval is the customer's signature; payment comes at delivery.
        self.sale_order_id.write({"require_signature": True, "require_payment": False})
        super().write({"service_stage": "awaiting_approval"})
        action = self.sale_order_id.action_quotation_send()
        # The job card's own estimate email, in the customer's language (Odoo's quotation email has no Hindi).
        action["context"]["default_template_id"] = self.env.ref("crm_suite_service.mail_template_job_estimate").id
        return action

    def _record_approval(self, method, note=False):
        """Stamp how and when the customer approved, then release the job card to the workshop.

        The estimate, when there is one, is confirmed on the customer's behalf: the sale order's
        confirmation releases the job card (see sale.order._action_confirm).
        """
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%(job)s is approved already.", job=self.name))
        self._stamp_approval(method, note)
        if self.sale_order_id.state in ("draft", "sent"):
            self.sale_order_id.action_confirm()
        else:
            self._action_repair_confirm()

    def _stamp_approval(self, method, note=False):
        # sudo: approval fields are the engine's to write (engine_owned); callers checked the step.
        self.sudo().write(
            {
                "approval_method": method,
                "approval_datetime": fields.Datetime.now(),
                "approval_user_id": self.env.user.id,
                "approval_note": note,
            }
        )
        how = dict(self._fields["approval_method"]._description_selection(self.env))[method]
        body = self.env._("Estimate approved by the customer: %(how)s. %(note)s", how=how, note=note or "")
        self.message_post(body=body)
