from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_suite_greeting_program_id = fields.Many2one(
        "loyalty.program",
        string="Greeting Gift",
        domain="[('program_type', '=', 'coupons'), ('company_id', 'in', [id, False])]",
        help="A coupon of this program goes with every birthday, anniversary and family greeting.",
    )
    crm_suite_greeting_coupon_days = fields.Integer(string="Gift Valid For (days)", default=30)

    @api.constrains("crm_suite_greeting_coupon_days")
    def _check_crm_suite_greeting_coupon_days(self):
        if any(company.crm_suite_greeting_coupon_days < 1 for company in self):
            raise ValidationError(self.env._("A greeting gift must be valid for at least one day."))
