from odoo import api, models


class CrmSuiteSegmentation(models.AbstractModel):
    _inherit = "crm.suite.segmentation"

    @api.model
    def _on_figures_recomputed(self, companies):
        # The tiers and the offers read the figures and lifecycle stages just written: evaluate them
        # now. The cron also keeps its own nightly run; a second run decides nothing new and sends
        # nothing twice (each message is claimed once).
        evaluation_cron = self.env.ref("crm_suite_loyalty.ir_cron_evaluate_tiers", raise_if_not_found=False)
        if evaluation_cron:
            # sudo: asking the scheduler to run the suite's own job soon; the manager who recomputes
            # by hand need not administer scheduled actions.
            evaluation_cron.sudo()._trigger()
        return super()._on_figures_recomputed(companies)
