from odoo import fields, models


class CrmSuiteServiceProblem(models.Model):
    _name = "crm.suite.service.problem"
    _description = "Reported Problem"
    _order = "sequence, id"

    repair_id = fields.Many2one("repair.order", string="Job Card", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="repair_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Customer Says", required=True)
    tag_id = fields.Many2one(
        "repair.tags",
        string="Problem Type",
        help="The same problem type on the same asset soon after a delivery flags the new job as a comeback.",
    )
    finding = fields.Char(string="Found")
