from odoo import fields, models

from .crm_suite_service_asset import ASSET_TYPES


class CrmSuiteServiceChecklistTemplate(models.Model):
    _name = "crm.suite.service.checklist.template"
    _description = "Inspection Checklist Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    asset_type = fields.Selection(ASSET_TYPES, required=True, help="Job cards for assets of this type use it.")
    item_ids = fields.One2many("crm.suite.service.checklist.template.item", "template_id", string="Checks", copy=True)


class CrmSuiteServiceChecklistTemplateItem(models.Model):
    _name = "crm.suite.service.checklist.template.item"
    _description = "Inspection Checklist Template Item"
    _order = "sequence, id"

    template_id = fields.Many2one("crm.suite.service.checklist.template", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="template_id.company_id", store=True, index="btree_not_null")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True, translate=True)
