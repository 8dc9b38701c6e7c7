from odoo import models

from ..models.crm_suite_engine_mixin import leaving_engine_owned_fields_out


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # Odoo writes every field of the merged contacts back onto the kept one, which the engines'
        # fields refuse: they are left out of that write (Odoo's merge carries their per-company
        # values over by itself), and the next run recomputes them from the merged history.
        with leaving_engine_owned_fields_out():
            return super()._update_values(src_partners, dst_partner)
