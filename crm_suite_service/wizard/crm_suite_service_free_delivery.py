from odoo import fields, models
from odoo.tools.misc import clean_context

from ..models.repair_order import FREE_DELIVERY_REASONS


class CrmSuiteServiceFreeDelivery(models.TransientModel):
    _name = "crm.suite.service.free.delivery"
    _description = "Deliver a job card without an invoice"

    repair_id = fields.Many2one("repair.order", string="Job Card", required=True, ondelete="cascade")
    reason = fields.Selection(FREE_DELIVERY_REASONS, required=True)
    note = fields.Char(required=True, help="The warranty claim, the free-service coupon, or why goodwill.")

    def action_deliver(self):
        self.ensure_one()
        job = self.repair_id.with_env(self.env(context=clean_context(self.env.context)))
        return job._deliver_free_of_charge(self.reason, self.note)
