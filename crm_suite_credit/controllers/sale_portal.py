from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal


class SalePortal(CustomerPortal):
    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        """A quotation the seller's credit rules hold waits for a sales manager: the customer is told
        so, without the figures (their limit is the seller's business), and may still reject it."""
        token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=token)
        except (AccessError, MissingError):
            order_sudo = None
        if order_sudo and order_sudo._crm_suite_credit_block_reasons():
            return {
                "error": request.env._(
                    "This quotation awaits the seller's confirmation: please contact them to accept it."
                )
            }
        return super().portal_quote_accept(order_id, access_token=access_token, name=name, signature=signature)
