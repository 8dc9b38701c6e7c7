from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _create_user(self):
        """A customer given portal access sees times in their business's time zone when theirs is unknown."""
        user = super()._create_user()
        partner = user.partner_id
        if not partner.tz:
            partner.tz = self.env.company.partner_id.tz or self.env.user.tz
        return user
