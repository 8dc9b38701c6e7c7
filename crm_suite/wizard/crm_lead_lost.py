from odoo import fields, models


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    lost_competitor_id = fields.Many2one("crm.suite.competitor", string="Lost To")

    def action_lost_reason_apply(self):
        result = super().action_lost_reason_apply()
        if self.lost_competitor_id:
            self.lead_ids.write({"lost_competitor_id": self.lost_competitor_id.id})
        return result
