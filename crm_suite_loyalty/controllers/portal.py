from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class LoyaltyPortal(CustomerPortal):
    @http.route("/my/loyalty", type="http", auth="user", website=True)
    def portal_my_loyalty(self, **kwargs):
        # The logged-in customer's own commercial partner only; portal users may not read
        # tiers, tier changes or loyalty cards themselves, so these reads run as superuser
        # on records selected by that partner, never by anything the request carries.
        customer = request.env.user.partner_id.commercial_partner_id.sudo().with_company(request.env.company)
        cards = (
            request.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", customer.id),
                    ("company_id", "in", [request.env.company.id, False]),
                    ("program_id.program_type", "in", ("loyalty", "coupons", "promotion", "ewallet")),
                    ("active", "=", True),
                ]
            )
        )
        history = request.env["loyalty.history"].sudo().search([("card_id", "in", cards.ids)], limit=20)
        values = {
            "page_name": "loyalty",
            "customer": customer,
            "tier": customer.loyalty_tier_id,
            "next_tier": customer.next_tier_id,
            "point_cards": cards.filtered(lambda card: card.program_type == "loyalty"),
            "coupons": cards.filtered(lambda card: card.program_type != "loyalty" and card.points > 0),
            "history": history,
        }
        return request.render("crm_suite_loyalty.portal_my_loyalty", values)
