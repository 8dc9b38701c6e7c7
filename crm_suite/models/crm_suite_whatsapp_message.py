import re
import uuid
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
    _order = "state desc, create_date desc, id desc"
    _rec_name = "partner_id"

    # Who, where and why are the engine's (prepared by _prepare); the text stays the user's to edit.
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True, engine_owned=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, engine_owned=True)
    body = fields.Text(string="Message", required=True)
    number = fields.Char(
        readonly=True, engine_owned=True, help="The customer's number as WhatsApp dials it: country code, no '+'."
    )
    res_model = fields.Char(string="About Model", readonly=True, engine_owned=True)
    res_id = fields.Many2oneReference(string="About", model_field="res_model", readonly=True, engine_owned=True)
    campaign_id = fields.Many2one(
        "utm.campaign", string="Campaign", readonly=True, index="btree_not_null", engine_owned=True
    )
    access_token = fields.Char(readonly=True, copy=False, engine_owned=True, groups="base.group_system")
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
            # sudo: the token is in the link of whoever may read the message; it is not a field they read.
            token = message.sudo().access_token
            message.link = f"{base_url}/crm_suite/whatsapp/{message.id}/{token}" if message.id and token else False

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
    def _prepare(self, partner, body, record=None, campaign=None, company=None):
        """A message to send to ``partner``, about ``record``, in ``company`` (the partner's own, else
        the current one)."""
        # sudo: the message is the suite's record of what an engine or the user's own action prepared
        # (a technician's job turned ready, a marketer's offer); who may send it is the access rules'.
        return (
            self.sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": (company or partner.company_id or self.env.company).id,
                    "body": body,
                    "number": self._whatsapp_number(partner),
                    "res_model": record._name if record else False,
                    "res_id": record.id if record else False,
                    "campaign_id": campaign.id if campaign else False,
                    "access_token": str(uuid.uuid4()),
                }
            )
            .sudo(False)
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
            # The text on what it is about (a greeting's stays with Personal Data); on the contact's
            # timeline, which every employee reads, only that a message went.
            about = self.env[self.res_model].browse(self.res_id).exists() if self.res_model else None
            if about and hasattr(about, "message_post"):
                # sudo: a note of the message just sent, on its own record; posting asks to edit it.
                about.sudo().message_post(
                    body=self.env._("WhatsApp message sent: %(body)s", body=self.body), subtype_xmlid="mail.mt_note"
                )
            self.partner_id._log_on_timeline(self.env._("WhatsApp message sent by %(user)s.", user=self.env.user.name))
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
