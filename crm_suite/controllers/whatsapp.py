from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class CrmSuiteWhatsapp(http.Controller):
    @http.route("/crm_suite/whatsapp/<int:message_id>", type="http", auth="user", methods=["GET"])
    def open_whatsapp(self, message_id):
        """The one click of an activity's link: log the message as sent and open WhatsApp with it."""
        message = request.env["crm.suite.whatsapp.message"].browse(message_id)
        try:
            message.check_access("write")
            action = message.action_send()
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if action.get("type") == "ir.actions.act_url":
            return request.redirect(action["url"], local=False)
        return request.redirect(f"/odoo/crm.suite.whatsapp.message/{message.id}")
