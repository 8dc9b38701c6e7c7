from odoo import fields, models


class CrmSuiteServiceChecklistLine(models.Model):
    _name = "crm.suite.service.checklist.line"
    _description = "Job Card Inspection Check"
    _order = "sequence, id"

    repair_id = fields.Many2one("repair.order", string="Job Card", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="repair_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True)
    result = fields.Selection(
        [("ok", "OK"), ("attention", "Needs Attention"), ("na", "Not Applicable")],
        help="Empty until checked.",
    )
    note = fields.Char()
