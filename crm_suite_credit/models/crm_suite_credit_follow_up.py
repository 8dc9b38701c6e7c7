import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from odoo.addons.crm_suite.models.res_partner import MONEY_READERS

# Open customer invoices: what a statement lists and reminders are about.
OPEN_INVOICE_DOMAIN = [
    ("move_type", "=", "out_invoice"),
    ("state", "=", "posted"),
    ("payment_state", "in", ("not_paid", "partial")),
]


_logger = logging.getLogger(__name__)


class CrmSuiteCreditFollowUp(models.Model):
    """A customer's payment follow-up in one company: the thread their reminders are posted on (so
    their replies come back here), the reminders sent, their promises to pay, and the pause."""

    _name = "crm.suite.credit.follow.up"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.suite.engine.mixin"]
    _description = "Payment Follow-up"
    _rec_name = "partner_id"
    _order = "paused_until desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True, engine_owned=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, engine_owned=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    paused_until = fields.Date(
        string="Reminders Paused Until",
        readonly=True,
        tracking=True,
        engine_owned=True,
        help="No reminder level is sent until this day has passed: set by a promise to pay or a reply.",
    )
    reminder_ids = fields.One2many("crm.suite.credit.reminder", "follow_up_id", string="Reminders Sent")
    promise_ids = fields.One2many("crm.suite.payment.promise", "follow_up_id", string="Promises to Pay")
    overdue_amount = fields.Monetary(compute="_compute_overdue", groups=MONEY_READERS)
    overdue_invoice_names = fields.Char(compute="_compute_overdue", string="Overdue Invoices")

    _partner_company_unique = models.Constraint(
        "UNIQUE(partner_id, company_id)", "A customer has one payment follow-up per company."
    )

    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for follow_up in self:
            # sudo: the invoices are read for the figures of a record whose readers are the money readers.
            overdue = follow_up.sudo()._open_invoices().filtered(lambda move: move.invoice_date_due < today)
            follow_up.overdue_amount = sum(overdue.mapped("amount_residual"))
            follow_up.overdue_invoice_names = ", ".join(overdue.mapped("name"))

    @api.model
    def _for_partners(self, partners, company):
        """The follow-ups of ``partners``' commercial entities in ``company``, made where missing."""
        # sudo: the follow-up is the engine's record of a customer the caller already works with.
        FollowUp = self.sudo()
        customers = partners.commercial_partner_id
        existing = FollowUp.search([("partner_id", "in", customers.ids), ("company_id", "=", company.id)])
        missing = customers - existing.partner_id
        return (
            existing | FollowUp.create([{"partner_id": customer.id, "company_id": company.id} for customer in missing])
        ).sudo(False)

    def _open_invoices(self):
        self.ensure_one()
        return self.env["account.move"].search(
            [
                *OPEN_INVOICE_DOMAIN,
                ("commercial_partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
            ],
            order="invoice_date_due, id",
        )

    def _pause_until(self, day, reason):
        """Hold the reminder levels until ``day`` (a later pause already set stays) and say why."""
        for follow_up in self:
            if follow_up.paused_until and follow_up.paused_until >= day:
                continue
            # sudo: the pause is the engine's (engine_owned); a promise or a reply is what sets it.
            follow_up.sudo().paused_until = day
            follow_up.sudo().message_post(
                body=self.env._("Payment reminders paused until %(day)s: %(reason)s", day=day, reason=reason),
                subtype_xmlid="mail.mt_note",
            )

    def _message_post_after_hook(self, message, msg_vals):
        # A customer's email to this thread is a reply to a reminder: hold the next ones, tell the salesperson.
        # Only the customer's own reply: anyone else copied on a reminder pauses nothing.
        from_customer = message.author_id and message.author_id.commercial_partner_id == self.partner_id
        if message.message_type == "email" and from_customer:
            self._pause_after_reply(message)
        return super()._message_post_after_hook(message, msg_vals)

    def _pause_after_reply(self, message):
        self.ensure_one()
        today = fields.Date.context_today(self)
        self._pause_until(
            fields.Date.add(today, days=self.company_id.crm_suite_reply_pause_days),
            self.env._("%(name)s replied to a payment reminder.", name=self.partner_id.name),
        )
        # sudo: the activity goes to the salesperson whoever (an incoming email) triggered it.
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("%(name)s replied to a payment reminder", name=self.partner_id.name),
            note=message.body,
            user_id=self._responsible_user().id,
        )

    def _responsible_user(self):
        self.ensure_one()
        return self.partner_id.user_id or self.company_id.crm_suite_greeting_user_id or self.env.ref("base.user_admin")

    def _post_reminder_email(self, template):
        """The level's email, an automated notice to the customer alone, as Odoo's order confirmations.

        A server without Odoo's PDF engine (wkhtmltopdf) cannot attach the statement: the email
        goes without it rather than never, since it names the overdue invoices itself. Odoo warns
        of the missing engine itself; each reminder notes it at info level only.
        """
        try:
            with self.env.cr.savepoint():
                self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        except UserError:
            _logger.info("No PDF engine: %s gets their payment reminder without the statement", self)
            rendered = {
                field: template._render_field(field, self.ids, compute_lang=True)[self.id]
                for field in ("subject", "body_html")
            }
            self.message_post(
                body=rendered["body_html"],
                subject=rendered["subject"],
                partner_ids=self.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _send_reminder(self, reminders):
        """One message to the customer for ``reminders`` (the invoices that reached a new level), on
        their channel, at the highest level reached; at the last level the salesperson calls too."""
        self.ensure_one()
        level = reminders.level_id.sorted("days_overdue")[-1]
        customer = self.partner_id
        channel = customer._crm_suite_service_channel()
        salesperson = self._responsible_user()
        if channel == "email" and level.mail_template_id:
            self._post_reminder_email(level.mail_template_id)
        elif channel == "sms" and level.sms_template_id:
            self._message_sms_with_template(
                template=level.sms_template_id,
                partner_ids=customer.ids,
                put_in_queue=True,  # sent by Odoo's SMS queue once this batch is committed
            )
        elif channel == "whatsapp" and level.sms_template_id:
            message = self.env["crm.suite.whatsapp.message"]._prepare(
                customer,
                level.sms_template_id._render_field("body", self.ids, compute_lang=True)[self.id],
                record=self,
                company=self.company_id,
            )
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Send %(name)s their payment reminder on WhatsApp", name=customer.name),
                # sudo: the link carries the message's token, which the salesperson opens to send it.
                note=message.sudo()._activity_note(),
                user_id=salesperson.id,
            )
        else:
            channel = "call"
        if channel == "call" or level.is_last_level:
            self.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._("Call %(name)s about their overdue invoices", name=customer.name),
                note=Markup("<p>%s</p>")
                % self.env._(
                    "%(level)s: %(amount)s overdue on %(invoices)s.",
                    level=level.name,
                    amount=format_amount(self.env, self.overdue_amount, self.currency_id),
                    invoices=self.overdue_invoice_names,
                ),
                user_id=salesperson.id,
            )
        reminders.write({"state": "sent", "channel": channel, "sent_datetime": fields.Datetime.now()})
        for reminder in reminders:
            reminder.move_id.message_post(
                body=self.env._(
                    "Payment reminder sent: %(level)s (%(channel)s).",
                    level=reminder.level_id.name,
                    channel=dict(reminder._fields["channel"]._description_selection(self.env))[channel],
                ),
                subtype_xmlid="mail.mt_note",
            )
        customer._log_on_timeline(self.env._("Payment reminder sent: %(level)s.", level=level.name))
