from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.tools import SQL

from ..occasion_rules import lifecycle_stage, month_day_key

PERSONAL_DATA = "crm_suite.group_crm_suite_personal_data"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Personal profile (personal data: its own group)
    birthday = fields.Date(groups=PERSONAL_DATA, tracking=True)
    anniversary_date = fields.Date(string="Wedding Anniversary", groups=PERSONAL_DATA, tracking=True)
    birthday_key = fields.Integer(
        compute="_compute_occasion_keys", store=True, index="btree_not_null", groups=PERSONAL_DATA
    )
    anniversary_key = fields.Integer(
        compute="_compute_occasion_keys", store=True, index="btree_not_null", groups=PERSONAL_DATA
    )
    family_member_ids = fields.One2many("crm.suite.family.member", "partner_id", string="Family", groups=PERSONAL_DATA)
    interest_ids = fields.Many2many("crm.suite.interest", string="Hobbies and Interests", groups=PERSONAL_DATA)
    association_ids = fields.Many2many(
        "res.partner",
        "crm_suite_partner_association_rel",
        "partner_id",
        "association_id",
        string="Associations",
        help="Clubs, trade bodies and communities this contact belongs to.",
    )
    is_deceased = fields.Boolean(string="Deceased", groups=PERSONAL_DATA)

    # How to reach them
    preferred_channel = fields.Selection(
        [("email", "Email"), ("phone", "Phone call"), ("sms", "SMS"), ("whatsapp", "WhatsApp"), ("visit", "Visit")],
        default="email",
    )
    best_contact_time = fields.Selection(
        [("morning", "Morning"), ("afternoon", "Afternoon"), ("evening", "Evening"), ("weekend", "Weekend")],
        string="Best Time to Contact",
    )
    linkedin_url = fields.Char(string="LinkedIn")
    facebook_url = fields.Char(string="Facebook")
    instagram_url = fields.Char(string="Instagram")
    x_url = fields.Char(string="X")
    consent_email = fields.Boolean(string="Email Marketing", help="The contact agreed to marketing emails.")
    consent_sms = fields.Boolean(string="SMS Marketing", help="The contact agreed to marketing SMS.")
    consent_whatsapp = fields.Boolean(string="WhatsApp Marketing")
    consent_phone = fields.Boolean(string="Marketing Calls")
    can_email_marketing = fields.Boolean(compute="_compute_marketing_reach")
    can_sms_marketing = fields.Boolean(compute="_compute_marketing_reach")
    greetings_opt_out = fields.Boolean(string="No Greetings", help="Never send this contact occasion greetings.")

    # How they found us
    source_id = fields.Many2one("utm.source", string="Heard of Us Through", index="btree_not_null")
    referred_by_id = fields.Many2one("res.partner", string="Referred By", index="btree_not_null")

    # Customer status and lifecycle, refreshed by sales, invoices and a daily cron
    customer_status = fields.Selection(
        [("potential", "Potential"), ("existing", "Existing")], default="potential", required=True, index=True
    )
    customer_since_date = fields.Date(string="Customer Since")
    first_purchase_date = fields.Date(readonly=True)
    last_purchase_date = fields.Date(readonly=True)
    purchase_count = fields.Integer(readonly=True)
    avg_purchase_interval = fields.Float(string="Usual Days Between Purchases", readonly=True, digits=(16, 1))
    lifecycle_stage = fields.Selection(
        [("prospect", "Prospect"), ("new", "New"), ("active", "Active"), ("at_risk", "At Risk"), ("lapsed", "Lapsed")],
        default="prospect",
        required=True,
        index=True,
        readonly=True,
    )

    # Relationship record
    last_contact_datetime = fields.Datetime(string="Last Contacted", readonly=True)
    days_since_last_contact = fields.Integer(readonly=True, help="Refreshed daily.")

    @api.depends("birthday", "anniversary_date")
    def _compute_occasion_keys(self):
        for partner in self:
            partner.birthday_key = month_day_key(partner.birthday)
            partner.anniversary_key = month_day_key(partner.anniversary_date)

    @api.depends("consent_email", "consent_sms", "email", "is_blacklisted", "phone_sanitized", "phone_blacklisted")
    def _compute_marketing_reach(self):
        for partner in self:
            partner.can_email_marketing = partner.consent_email and partner.email and not partner.is_blacklisted
            partner.can_sms_marketing = (
                partner.consent_sms and partner.phone_sanitized and not partner.phone_blacklisted
            )

    def action_log_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Call"),
            "res_model": "crm.suite.log.call",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def _message_post_after_hook(self, message, msg_vals):
        # Mails, SMS and chat with the contact, and done calls or meetings, count as contact.
        is_note = message.subtype_id == self.env.ref("mail.mt_note")
        if message.mail_activity_type_id or (message.message_type in ("email", "comment", "sms") and not is_note):
            self._touch_last_contact(message.date)
        return super()._message_post_after_hook(message, msg_vals)

    def _mark_as_customer(self, day):
        """The first confirmed sale or posted invoice makes a potential customer existing."""
        newcomers = self.commercial_partner_id.filtered(lambda partner: partner.customer_status == "potential")
        newcomers.write({"customer_status": "existing", "customer_since_date": day})

    def _log_on_timeline(self, note):
        """Show a sale, an invoice or a job on the customer's chatter, beside mails and calls."""
        for partner in self.commercial_partner_id:
            partner.message_post(body=note, subtype_xmlid="mail.mt_note")

    def _touch_last_contact(self, when=None):
        when = when or fields.Datetime.now()
        self.commercial_partner_id.write({"last_contact_datetime": when, "days_since_last_contact": 0})

    @api.model
    def _cron_refresh_lifecycle(self):
        # Each batch commits: a second run, or one after a crash, only repeats idempotent writes.
        self._refresh_lifecycle(on_batch_done=self.env["ir.cron"]._commit_progress)

    @api.model
    def _refresh_lifecycle(self, batch_size=5000, on_batch_done=None):
        """Purchase dates, usual interval and lifecycle stage of every customer, set-based.

        One aggregate over posted customer invoices, each stage classified by the pure
        rule, written back with one UPDATE per batch.
        """
        today = fields.Date.context_today(self)
        thresholds = self.env.company._crm_suite_lifecycle_thresholds()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id,
                       MIN(m.invoice_date), MAX(m.invoice_date), COUNT(DISTINCT m.invoice_date),
                       (MAX(m.invoice_date) - MIN(m.invoice_date))::float
                           / NULLIF(COUNT(DISTINCT m.invoice_date) - 1, 0)
                  FROM res_partner p
                  LEFT JOIN account_move m
                         ON m.commercial_partner_id = p.id
                        AND m.move_type = 'out_invoice' AND m.state = 'posted'
                 WHERE p.id = p.commercial_partner_id
                 GROUP BY p.id
                """
            )
        )
        rows = [
            (pid, first, last, count, interval, lifecycle_stage(today, first, last, interval, thresholds))
            for pid, first, last, count, interval in self.env.cr.fetchall()
        ]
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            execute_values(
                self.env.cr._obj,
                """
                UPDATE res_partner p
                   SET first_purchase_date = v.first_date, last_purchase_date = v.last_date,
                       purchase_count = v.purchases, avg_purchase_interval = v.interval,
                       lifecycle_stage = v.stage,
                       customer_status = CASE WHEN v.purchases > 0 THEN 'existing' ELSE p.customer_status END,
                       customer_since_date = LEAST(p.customer_since_date, v.first_date)
                  FROM (VALUES %s) AS v(id, first_date, last_date, purchases, interval, stage)
                 WHERE p.id = v.id
                """,
                batch,
                template="(%s, %s::date, %s::date, %s, %s::float, %s)",
            )
            if on_batch_done:
                on_batch_done(len(batch))
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET days_since_last_contact = %s - last_contact_datetime::date"
                " WHERE last_contact_datetime IS NOT NULL",
                today,
            )
        )
        self.invalidate_model(
            [
                "first_purchase_date",
                "last_purchase_date",
                "purchase_count",
                "avg_purchase_interval",
                "lifecycle_stage",
                "customer_status",
                "customer_since_date",
                "days_since_last_contact",
            ]
        )
