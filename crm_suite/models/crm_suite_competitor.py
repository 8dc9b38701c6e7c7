from odoo import fields, models


class CrmSuiteCompetitor(models.Model):
    _name = "crm.suite.competitor"
    _description = "Competitor"
    _order = "name"

    name = fields.Char(required=True)
    website = fields.Char()
    notes = fields.Text()
    active = fields.Boolean(default=True)
    lost_lead_ids = fields.One2many("crm.lead", "lost_competitor_id", string="Opportunities Lost")

    _name_unique = models.Constraint("UNIQUE(name)", "This competitor already exists.")
