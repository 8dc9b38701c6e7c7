from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, format_amount, format_date

from odoo.addons.crm_suite.batch import for_each_safely
from odoo.addons.crm_suite.models.res_partner import MONEY_READERS

# What the customer promised, and what came of it: a new promise, not an edit, changes the first; the
# daily follow-up alone decides the second (as superuser).
# What a user may change of a promise once made: its note. The rest is the promise, or the engine's.
EDITABLE_FIELDS = {"note"}
# A promise pauses the reminders at most this long: a later date is a new arrangement, not a promise.
PROMISE_MAX_DAYS = 60


class CrmSuitePaymentPromise(models.Model):
    """A customer's word that they will pay an amount by a date: the reminder levels wait for it."""

    _name = "crm.suite.payment.promise"
    _description = "Promise to Pay"
    _order = "promised_date desc, id desc"
    _rec_name = "partner_id"

    follow_up_id = fields.Many2one("crm.suite.credit.follow.up", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="follow_up_id.partner_id", string="Customer", store=True, index=True)
    company_id = fields.Many2one(related="follow_up_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_id = fields.Many2one("account.move", string="Invoice", index="btree_not_null", readonly=True)
    promised_date = fields.Date(string="Will Pay By", required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True, groups=MONEY_READERS)
    note = fields.Text()
    state = fields.Selection(
        [("open", "Awaited"), ("kept", "Kept"), ("broken", "Broken")],
        required=True,
        default="open",
        readonly=True,
        help="Set by the daily follow-up once the day has passed: kept when the customer paid the amount.",
    )

    @api.constrains("amount", "promised_date")
    def _check_amount_and_date(self):
        today = fields.Date.context_today(self)
        for promise in self:
            if float_compare(promise.amount, 0.0, precision_rounding=promise.currency_id.rounding) <= 0:
                raise ValidationError(self.env._("A promise to pay is for an amount above zero."))
            if promise.state == "open" and promise.promised_date < today:
                raise ValidationError(self.env._("A promise to pay is for today or a day to come."))
            if promise.state == "open" and (promise.promised_date - today).days > PROMISE_MAX_DAYS:
                raise ValidationError(
                    self.env._("A promise to pay is for the next %(days)s days at most.", days=PROMISE_MAX_DAYS)
                )

    @api.constrains("move_id", "follow_up_id")
    def _check_invoice_of_the_customer(self):
        for promise in self.filtered("move_id"):
            if (promise.move_id.commercial_partner_id, promise.move_id.company_id) != (
                promise.partner_id,
                promise.company_id,
            ):
                raise ValidationError(self.env._("A promise to pay is about an invoice of the same customer."))

    @api.model_create_multi
    def create(self, vals_list):
        # Only for a customer's follow-up the user may see (the rules on follow-ups are by company and salesperson).
        self.env["crm.suite.credit.follow.up"].browse(vals["follow_up_id"] for vals in vals_list).check_access("read")
        if not self.env.su and any(vals.get("state", "open") != "open" for vals in vals_list):
            raise UserError(self.env._("A promise to pay is recorded as awaited; the daily follow-up settles it."))
        promises = super().create(vals_list)
        for promise in promises:
            amount = format_amount(self.env, promise.amount, promise.currency_id)
            day = format_date(self.env, promise.promised_date)
            note = self.env._(
                "%(name)s promised to pay %(amount)s by %(day)s (recorded by %(user)s).",
                name=promise.partner_id.name,
                amount=amount,
                day=day,
                user=self.env.user.name,
            )
            promise.follow_up_id._pause_until(promise.promised_date, note)
            promise.partner_id._log_on_timeline(note)
            if promise.move_id:
                # sudo: a note on the invoice the promise is about; an accountant or salesperson records it.
                promise.move_id.sudo().message_post(body=note, subtype_xmlid="mail.mt_note")
        return promises

    def write(self, vals):
        if not self.env.su and set(vals) - EDITABLE_FIELDS:
            raise UserError(self.env._("A promise to pay is kept as it was made: record a new one instead."))
        return super().write(vals)

    @api.model
    def _settle_due_promises(self):
        """Promises whose day has passed: kept when the customer paid the amount since it was made,
        else broken: the reminder levels resume, and the salesperson is told."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "open"), ("promised_date", "<", today)])
        for_each_safely(due, type(self)._settle, "the promise to pay")

    def _settle(self):
        self.ensure_one()
        promise = self
        paid = sum(
            self.env["account.payment"]
            .search(
                [
                    ("partner_id", "child_of", promise.partner_id.id),
                    ("company_id", "=", promise.company_id.id),
                    ("payment_type", "=", "inbound"),
                    ("state", "in", ("in_process", "paid")),
                    ("date", ">=", promise.create_date.date()),
                    ("date", "<=", promise.promised_date),
                ]
            )
            .mapped("amount_company_currency_signed")
        )
        kept = float_compare(paid, promise.amount, precision_rounding=promise.currency_id.rounding) >= 0
        # sudo: the outcome is the follow-up's to record (users may not write it), read from the payments.
        promise.sudo().state = "kept" if kept else "broken"
        if kept:
            return
        note = self.env._(
            "%(name)s did not keep their promise to pay %(amount)s by %(day)s: the payment reminders resume.",
            name=promise.partner_id.name,
            amount=format_amount(self.env, promise.amount, promise.currency_id),
            day=format_date(self.env, promise.promised_date),
        )
        follow_up = promise.follow_up_id
        follow_up.message_post(body=note, subtype_xmlid="mail.mt_note")
        promise.partner_id._log_on_timeline(note)
        follow_up.activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._("%(name)s broke a promise to pay", name=promise.partner_id.name),
            note=note,
            user_id=follow_up._responsible_user().id,
        )
