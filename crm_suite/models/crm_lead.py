from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    lost_competitor_id = fields.Many2one(
        "crm.suite.competitor",
        string="Lost To",
        index="btree_not_null",
        tracking=True,
        help="The competitor who won this business.",
    )
