from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        result = super()._action_confirm()
        # Where orders count as purchases, a confirmed order can lift the customer at once.
        for company, orders in self.grouped("company_id").items():
            if company.crm_suite_analytics_source == "order":
                buyers = orders.partner_id.commercial_partner_id
                # sudo: the tier, its history and its coupons are the engine's to write, for the buyers
                # of the orders this user just confirmed.
                self.env["crm.suite.loyalty.evaluation"].sudo()._evaluate(company, buyers.ids)._deliver()
        return result

    def _program_check_compute_points(self, programs):
        """Members earn their tier's multiple of the points of programs that allow it."""
        result = super()._program_check_compute_points(programs)
        # sudo: the tier is for employees' eyes; an eCommerce or portal buyer's order reads only its multiplier.
        multiplier = (
            self.partner_id.commercial_partner_id.sudo().with_company(self.company_id).loyalty_tier_id.points_multiplier
        )
        if multiplier and multiplier != 1:
            for program, status in result.items():
                if program.crm_suite_tier_multiplier and status.get("points"):
                    # Rounded to the hundredth: 13.455000000000002 points is float noise, not a reward.
                    status["points"] = [round(points * multiplier, 2) for points in status["points"]]
        return result
