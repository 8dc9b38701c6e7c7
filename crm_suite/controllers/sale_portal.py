from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal


class SalePortal(CustomerPortal):
    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        """A quotation giving more than the customer's class allows waits for the seller's approval:
        the customer is told so, and may still reject it."""
        token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=token)
        except (AccessError, MissingError):
            order_sudo = None
        if order_sudo and order_sudo._crm_suite_discount_over_limit():
            return {
                "error": request.env._(
                    "This quotation awaits the seller's approval of its discount: you can accept it once approved."
                )
            }
        return super().portal_quote_accept(order_id, access_token=access_token, name=name, signature=signature)
