from odoo import fields, models


class CrmSuiteComplaintStage(models.Model):
    _name = "crm.suite.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_waiting = fields.Boolean(
        string="Waiting on Customer", help="The SLA clocks stop while a complaint is in this stage."
    )
    is_resolved = fields.Boolean(
        string="Resolved", help="Reaching this stage meets the resolution target; a customer reply reopens it."
    )
    is_closed = fields.Boolean(string="Closed", help="Reaching this stage asks the customer to rate the service.")
    template_id = fields.Many2one(
        "mail.template",
        string="Email to Customer",
        domain="[('model', '=', 'crm.suite.complaint')]",
        help="Sent to the customer when a complaint reaches this stage.",
    )
