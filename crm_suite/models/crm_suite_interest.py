from odoo import fields, models


class CrmSuiteInterest(models.Model):
    _name = "crm.suite.interest"
    _description = "Hobby or Interest"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_unique = models.Constraint("UNIQUE(name)", "This interest already exists.")
