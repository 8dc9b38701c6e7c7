from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_suite.models.res_partner import ABC_CLASSES, SERVICE_PRIORITIES


class CrmSuiteSlaPolicy(models.Model):
    """Response and resolution targets, in the team's working hours; the first policy that matches applies."""

    _name = "crm.suite.sla.policy"
    _description = "Complaint SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    category_ids = fields.Many2many("crm.suite.complaint.category", string="Categories", help="Empty: every category.")
    priority = fields.Selection(SERVICE_PRIORITIES, help="Empty: every priority.")
    abc_class = fields.Selection(ABC_CLASSES, string="Customer ABC Class", help="Empty: every class.")
    response_hours = fields.Float(string="First Response (working hours)", required=True, default=4)
    resolution_hours = fields.Float(string="Resolution (working hours)", required=True, default=24)

    @api.constrains("response_hours", "resolution_hours")
    def _check_targets(self):
        for policy in self:
            if policy.response_hours <= 0 or policy.resolution_hours < policy.response_hours:
                raise ValidationError(
                    self.env._(
                        "SLA %(policy)s needs a positive response target and a resolution target no shorter.",
                        policy=policy.name,
                    )
                )

    def _matches(self, complaint):
        self.ensure_one()
        return (
            (not self.category_ids or complaint.category_id in self.category_ids)
            and (not self.priority or self.priority == complaint.priority)
            and (not self.abc_class or self.abc_class == complaint.partner_id.commercial_partner_id.abc_class)
        )
