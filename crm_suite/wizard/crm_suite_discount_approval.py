from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError


class CrmSuiteDiscountApproval(models.TransientModel):
    _name = "crm.suite.discount.approval"
    _description = "Approve a Discount above the Class Limit"

    order_ids = fields.Many2many("sale.order", string="Quotations", required=True)
    reason = fields.Text(
        required=True, help="Why these customers get more than their class allows; kept on the chatter."
    )

    def action_approve(self):
        """Approve the discount each order gives now; the salesperson or the customer confirms."""
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers can approve a discount above the class limit."))
        for order in self.order_ids:
            given = order._crm_suite_discount_given()
            # sudo: the approval is the engine's record (engine_owned); the manager's right is checked above.
            order.sudo().crm_suite_approved_discount = given
            order.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._(
                        "Discount of up to %(percent)s%% approved above the class limit.", percent=round(given, 2)
                    ),
                    self.reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}

    def action_approve_and_confirm(self):
        self.action_approve()
        self.order_ids.action_confirm()
        return {"type": "ir.actions.act_window_close"}
