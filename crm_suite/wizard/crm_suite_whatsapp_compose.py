from odoo import api, fields, models


class CrmSuiteWhatsappCompose(models.TransientModel):
    """Write a customer a WhatsApp message from their contact: one click opens WhatsApp with it."""

    _name = "crm.suite.whatsapp.compose"
    _description = "Write on WhatsApp"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    body = fields.Text(string="Message", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if partner and "body" in fields_list and not values.get("body"):
            values["body"] = self.with_context(lang=partner.lang).env._("Hello %(name)s, ", name=partner.name)
        return values

    def action_send(self):
        self.ensure_one()
        message = self.env["crm.suite.whatsapp.message"]._prepare(self.partner_id, self.body)
        return message.action_send()
