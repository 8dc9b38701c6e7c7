from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq


class CrmSuiteWhatsapp(http.Controller):
    @http.route("/crm_suite/whatsapp/<int:message_id>/<string:token>", type="http", auth="user", methods=["GET"])
    def open_whatsapp(self, message_id, token):
        """The one click of an activity's link: log the message as sent and open WhatsApp with it.

        A GET that records the sending: the link's token, known only from the message itself, keeps a
        page elsewhere from marking messages sent (an image's address, say)."""
        message = request.env["crm.suite.whatsapp.message"].browse(message_id)
        try:
            message.check_access("write")
            if not consteq(token, message.sudo().access_token or ""):
                raise AccessError(request.env._("This WhatsApp link is not valid."))
            action = message.action_send()
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if action.get("type") == "ir.actions.act_url":
            return request.redirect(action["url"], local=False)
        return request.redirect(f"/odoo/crm.suite.whatsapp.message/{message.id}")
