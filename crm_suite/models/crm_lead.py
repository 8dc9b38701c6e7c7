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

    def action_crm_suite_customer_360(self):
        """Open the Customer 360 page of the opportunity's customer."""
        self.ensure_one()
        return self.partner_id.action_crm_suite_customer_360()
