from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        sales = posted.filtered(lambda move: move.move_type in ("out_invoice", "out_refund"))
        # A customer reaching a tier gets it at once, not the next night.
        for company, moves in sales.grouped("company_id").items():
            if company.crm_suite_analytics_source == "invoice":
                buyers = moves.commercial_partner_id
                # sudo: the tier, its history and its coupons are the engine's to write, for the buyers
                # of the moves this user just posted.
                self.env["crm.suite.loyalty.evaluation"].sudo()._evaluate(company, buyers.ids)._deliver()
        return posted
