import re
from urllib.parse import quote

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

CLICK_TO_CHAT = "https://wa.me/%s?text=%s"


class CrmSuiteWhatsappMessage(models.Model):
    """A WhatsApp message to a customer, prepared by the suite (a greeting, an offer, a job ready)
    or written by hand, and sent once.

    ``_deliver`` is the gateway: its one implementation opens WhatsApp's click-to-chat link with the
    customer's number and the text, for a user to press Send; a company that connects a WhatsApp
    gateway overrides it to send the message itself. Either way the sending is logged on the
    customer's timeline, once.
    """

    _name = "crm.suite.whatsapp.message"
    _inherit = ["crm.suite.engine.mixin"]
    _description = "WhatsApp Message"
    _order = "state, create_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    body = fields.Text(string="Message", required=True)
    number = fields.Char(readonly=True, help="The customer's number as WhatsApp dials it: country code, no '+'.")
    res_model = fields.Char(string="About Model", readonly=True)
    res_id = fields.Many2oneReference(string="About", model_field="res_model", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", string="Campaign", readonly=True, index="btree_not_null")
    state = fields.Selection(
        [("to_send", "To Send"), ("sent", "Sent")], compute="_compute_state", store=True, engine_owned=True
    )
    sent_datetime = fields.Datetime(string="Sent On", readonly=True, engine_owned=True)
    sent_uid = fields.Many2one("res.users", string="Sent By", readonly=True, engine_owned=True)
    link = fields.Char(compute="_compute_link", help="One click opens WhatsApp with the message and logs it as sent.")

    @api.depends("sent_datetime")
    def _compute_state(self):
        for message in self:
            message.state = "sent" if message.sent_datetime else "to_send"

    def _compute_link(self):
        base_url = self.get_base_url()
        for message in self:
            message.link = f"{base_url}/crm_suite/whatsapp/{message.id}" if message.id else False

    @api.model
    def _whatsapp_number(self, partner):
        """The number WhatsApp dials: the contact's phone in international form (its country's code
        added to a national number), digits only."""
        number = partner.phone_sanitized or (
            partner.phone and partner._phone_format(number=partner.phone, country=partner.country_id)
        )
        if not number:
            raise UserError(self.env._("%(name)s has no phone number WhatsApp can reach.", name=partner.display_name))
        return re.sub(r"\D", "", number)

    @api.model
    def _prepare(self, partner, body, record=None, campaign=None):
        """A message to send to ``partner``, about ``record``."""
        return self.create(
            {
                "partner_id": partner.id,
                "body": body,
                "number": self._whatsapp_number(partner),
                "res_model": record._name if record else False,
                "res_id": record.id if record else False,
                "campaign_id": campaign.id if campaign else False,
            }
        )

    def _click_to_chat_url(self):
        self.ensure_one()
        return CLICK_TO_CHAT % (self.number, quote(self.body))

    def _deliver(self):
        """Send the message: return the action that sends it (here, WhatsApp's link), or None when
        sent already (a connected gateway)."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self._click_to_chat_url(), "target": "new"}

    def action_send(self):
        """Open (or send) the message, and log it on the customer's timeline the first time."""
        self.ensure_one()
        action = self._deliver()
        if self.state == "to_send":
            # sudo: the sending state is the engine's (engine_owned); this user sends it now.
            self.sudo().write({"sent_datetime": fields.Datetime.now(), "sent_uid": self.env.uid})
            self.partner_id._log_on_timeline(self.env._("WhatsApp message sent: %(body)s", body=self.body))
            self.partner_id._touch_last_contact()
        return action or {"type": "ir.actions.act_window_close"}

    def _activity_note(self):
        """The link to put in an activity: one click opens WhatsApp with the text."""
        self.ensure_one()
        return Markup('<p>%s <a href="%s" target="_blank">%s</a></p>') % (
            self.env._("One click sends it on WhatsApp:"),
            self.link,
            self.body,
        )
