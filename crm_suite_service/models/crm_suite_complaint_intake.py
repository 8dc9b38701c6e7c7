from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize
from odoo.tools.mail import parse_contact_from_email

# Confirmation links the mail alias sends per company and hour, whatever the sender: forged senders
# in rotation get no more than this from our domain (Odoo's gateway caps each sender by itself).
ALIAS_CONFIRMATIONS_PER_HOUR = 30


class CrmSuiteComplaint(models.Model):
    """How complaints come in: the mail alias and its address confirmation, the New Complaint action
    of other documents, and the repeat flags set when one arrives."""

    _inherit = "crm.suite.complaint"

    is_repeat_product = fields.Boolean(
        compute="_compute_repeat_flags",
        store=True,
        string="Repeat Product",
        help="The product had the company's threshold of complaints or returns within its period.",
        engine_owned=True,
    )

    is_repeat_customer = fields.Boolean(
        compute="_compute_repeat_flags",
        store=True,
        string="Repeat Customer",
        help="The customer complained more than once within the period.",
        engine_owned=True,
    )

    @api.depends("product_id", "commercial_partner_id", "reported_datetime", "company_id")
    def _compute_repeat_flags(self):
        """One query for the whole batch (an import, a busy alias): for each complaint, the others of
        its product and customer, and the product's returns, within the company's period before it."""
        dated = self.filtered(lambda complaint: complaint.reported_datetime and complaint.company_id)
        (self - dated).update({"is_repeat_product": False, "is_repeat_customer": False})
        if not dated:
            return
        self.env["crm.suite.complaint"].flush_model(
            ["company_id", "product_id", "commercial_partner_id", "reported_datetime"]
        )
        self.env["stock.move"].flush_model(
            ["product_id", "company_id", "origin_returned_move_id", "state", "date", "picking_id"]
        )
        self.env["stock.picking"].flush_model(["picking_type_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT c.row, counts.product_complaints, counts.product_returns, counts.customer_complaints
                  FROM unnest(%(rows)s::int[], %(ids)s::int[], %(companies)s::int[], %(products)s::int[],
                              %(customers)s::int[], %(since)s::timestamp[], %(reported)s::timestamp[])
                       AS c(row, id, company_id, product_id, customer_id, since, reported),
                LATERAL (
                    SELECT (SELECT COUNT(*) FROM crm_suite_complaint other
                             WHERE other.company_id = c.company_id AND other.product_id = c.product_id
                               AND other.reported_datetime BETWEEN c.since AND c.reported AND other.id != c.id)
                               AS product_complaints,
                           (SELECT COUNT(*) FROM stock_move move
                              JOIN stock_picking picking ON picking.id = move.picking_id
                              JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                             WHERE move.product_id = c.product_id AND move.company_id = c.company_id
                               AND move.origin_returned_move_id IS NOT NULL AND picking_type.code = 'incoming'
                               AND move.state = 'done' AND move.date >= c.since) AS product_returns,
                           (SELECT COUNT(*) FROM crm_suite_complaint other
                             WHERE other.company_id = c.company_id AND other.commercial_partner_id = c.customer_id
                               AND other.reported_datetime BETWEEN c.since AND c.reported AND other.id != c.id)
                               AS customer_complaints
                ) counts
                """,
                rows=list(range(len(dated))),
                ids=[complaint._origin.id or 0 for complaint in dated],
                companies=[complaint.company_id.id for complaint in dated],
                products=[complaint.product_id.id or None for complaint in dated],
                customers=[complaint.commercial_partner_id.id or None for complaint in dated],
                since=[
                    c.reported_datetime - timedelta(days=c.company_id.crm_suite_repeat_complaint_days) for c in dated
                ],
                reported=[complaint.reported_datetime for complaint in dated],
            )
        )
        for row, product_complaints, returns, customer_complaints in self.env.cr.fetchall():
            complaint = dated[row]
            threshold = complaint.company_id.crm_suite_repeat_complaint_count
            complaint.is_repeat_product = bool(complaint.product_id) and product_complaints + 1 + returns >= threshold
            complaint.is_repeat_customer = bool(complaint.commercial_partner_id) and bool(customer_complaints)

    def _welcome_customer(self, send_stage_email):
        """A complaint bound to its customer (a confirmed email, or staff's match): follow it and hear of it."""
        for complaint in self:
            complaint.message_subscribe(complaint.partner_id.ids)
            complaint.partner_id._log_on_timeline(
                self.env._(
                    "Complaint %(reference)s: %(subject)s", reference=complaint.reference, subject=complaint.name
                )
            )
        send_stage_email._send_stage_email()

    def _request_email_confirmation(self):
        """Ask the address a complaint came from to confirm it: until then it binds to no customer.

        The email carries nothing the sender wrote, so that a forged sender cannot use it to
        send their text from our domain.
        """
        template = self.env.ref("crm_suite_service.mail_template_complaint_confirm")
        for complaint in self.filtered(lambda complaint: not complaint.partner_id and complaint.email_from):
            complaint._portal_ensure_token()
            template.send_mail(complaint.id, force_send=False)

    def _bind_confirmed_email(self):
        """The sender proved the address: the company's contact with it, or a new one, is the customer."""
        self.ensure_one()
        address = email_normalize(self.email_from)
        if self.partner_id or not address:
            return
        Partner = self.env["res.partner"]
        same_address = Partner.search(
            [
                ("email_normalized", "=", address),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            order="id",
        )
        # A customer's contact before an employee's own, who may also have written as a customer.
        partner = (
            same_address.filtered(lambda partner: all(user.share for user in partner.user_ids))[:1] or same_address[:1]
        )
        partner = partner or Partner.create(
            {
                "name": self.contact_name or self.email_from,
                "email": address,
                "phone": self.contact_phone,
                "company_id": False,
                # The times we promise them are in the business's time zone until they say otherwise.
                "tz": self.company_id.partner_id.tz,
                "lang": self.env.lang,
            }
        )
        self.partner_id = partner

    @api.model
    def _new_complaint_action(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Complaint"),
            "res_model": "crm.suite.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": context,
        }

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to a team's alias opens a complaint from its sender."""
        values = dict(custom_values or {})
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        email = email_normalize(email)
        values.setdefault("name", msg_dict.get("subject") or self.env._("No subject"))
        values.setdefault("channel", "email")
        values.setdefault("contact_name", name)
        # Anyone can write any From: the sender is bound to no customer and made no contact
        # until they confirm through the link sent to that address (the bare address: the
        # display name is the sender's text, not to be repeated from our domain).
        complaint = super().message_new(dict(msg_dict, email_from=email), custom_values=values)
        since = fields.Datetime.now() - timedelta(hours=1)
        recent = self.search_count(
            [("channel", "=", "email"), ("company_id", "=", complaint.company_id.id), ("create_date", ">=", since)]
        )
        if recent <= ALIAS_CONFIRMATIONS_PER_HOUR:
            complaint._request_email_confirmation()
        return complaint
