from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..occasion_rules import month_day_key


class CrmSuiteFamilyMember(models.Model):
    _name = "crm.suite.family.member"
    _description = "Family Member of a Contact"
    _order = "partner_id, birthday, name"

    partner_id = fields.Many2one("res.partner", string="Contact", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True)
    relation = fields.Selection(
        [
            ("spouse", "Spouse"),
            ("child", "Child"),
            ("parent", "Parent"),
            ("sibling", "Sibling"),
            ("grandparent", "Grandparent"),
            ("other", "Other"),
        ],
        required=True,
        default="spouse",
    )
    birthday = fields.Date()
    birthday_key = fields.Integer(compute="_compute_birthday_key", store=True, index="btree_not_null")
    notes = fields.Text()

    @api.depends("birthday")
    def _compute_birthday_key(self):
        for member in self:
            member.birthday_key = month_day_key(member.birthday)

    @api.constrains("birthday")
    def _check_birthday_not_in_future(self):
        today = fields.Date.context_today(self)
        for member in self.filtered(lambda member: member.birthday and member.birthday > today):
            raise ValidationError(self.env._("%(name)s's birthday cannot be in the future.", name=member.name))
