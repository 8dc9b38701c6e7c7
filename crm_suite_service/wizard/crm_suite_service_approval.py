from odoo import fields, models
from odoo.tools.misc import clean_context

from ..models.repair_order import APPROVAL_METHODS


class CrmSuiteServiceApproval(models.TransientModel):
    _name = "crm.suite.service.approval"
    _description = "Record a customer's approval of a job card"

    repair_id = fields.Many2one("repair.order", string="Job Card", required=True, ondelete="cascade")
    method = fields.Selection(
        [(key, label) for key, label in APPROVAL_METHODS if key in ("phone", "in_person", "message")],
        string="Approved",
        required=True,
        default="phone",
    )
    note = fields.Char(help="Who approved, when, and anything they asked for.")

    def action_record(self):
        self.ensure_one()
        self.repair_id.with_env(self.env(context=clean_context(self.env.context)))._record_approval(
            self.method, self.note
        )
        return {"type": "ir.actions.act_window_close"}
