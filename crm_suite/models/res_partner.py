from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..occasion_rules import month_day_key

PERSONAL_DATA = "crm_suite.group_crm_suite_personal_data"
# Who reads a customer's money figures: sales staff and accounting, never the workshop or the portal.
MONEY_READERS = "sales_team.group_sale_salesman,account.group_account_invoice,account.group_account_readonly"
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("active", "Active"),
    ("at_risk", "At Risk"),
    ("lapsed", "Lapsed"),
]
ABC_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]
# The suite's one priority scale: what a tier gives, and what complaints and job cards carry.
SERVICE_PRIORITIES = [("0", "Normal"), ("1", "High"), ("2", "Urgent"), ("3", "Critical")]
RECENCY_BANDS = [
    ("1", "1: longest ago"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5: most recent"),
]


def boolean_search_domain(operator, value, true_domain):
    """The domain of a computed boolean's search method (Odoo 19 passes "in"/"not in" and values)."""
    if operator not in ("in", "not in"):
        return NotImplemented
    wanted = {bool(item) for item in value}
    if operator == "not in":
        wanted = {True, False} - wanted
    if wanted == {True}:
        return true_domain
    if wanted == {False}:
        return ~true_domain
    return Domain.TRUE if wanted else Domain.FALSE


def company_figure(field_type, *args, groups="base.group_user", **kwargs):
    """A customer figure or state per company, written only by an engine, read by employees only."""
    return field_type(
        *args, company_dependent=True, readonly=True, copy=False, engine_owned=True, groups=groups, **kwargs
    )


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.suite.engine.mixin"]

    # Personal profile (personal data: its own group; not copied, so that anyone may duplicate a contact)
    birthday = fields.Date(groups=PERSONAL_DATA, tracking=True, copy=False)
    anniversary_date = fields.Date(string="Wedding Anniversary", groups=PERSONAL_DATA, tracking=True, copy=False)
    birthday_key = fields.Integer(
        compute="_compute_occasion_keys", store=True, index="btree_not_null", groups=PERSONAL_DATA
    )
    anniversary_key = fields.Integer(
        compute="_compute_occasion_keys", store=True, index="btree_not_null", groups=PERSONAL_DATA
    )
    family_member_ids = fields.One2many("crm.suite.family.member", "partner_id", string="Family", groups=PERSONAL_DATA)
    interest_ids = fields.Many2many(
        "crm.suite.interest", string="Hobbies and Interests", groups=PERSONAL_DATA, copy=False
    )
    association_ids = fields.Many2many(
        "res.partner",
        "crm_suite_partner_association_rel",
        "partner_id",
        "association_id",
        string="Associations",
        help="Clubs, trade bodies and communities this contact belongs to.",
    )
    is_deceased = fields.Boolean(string="Deceased", groups=PERSONAL_DATA, copy=False)

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
    consent_email = fields.Boolean(
        string="Email Marketing", tracking=True, help="The contact agreed to marketing emails."
    )
    consent_sms = fields.Boolean(string="SMS Marketing", tracking=True, help="The contact agreed to marketing SMS.")
    consent_whatsapp = fields.Boolean(string="WhatsApp Marketing", tracking=True)
    consent_phone = fields.Boolean(string="Marketing Calls", tracking=True)
    can_email_marketing = fields.Boolean(
        string="Can Be Emailed",
        compute="_compute_marketing_reach",
        compute_sudo=True,
        search="_search_can_email_marketing",
        help="Agreed to marketing emails, has an address, and it is not on Odoo's blacklist.",
    )
    can_sms_marketing = fields.Boolean(
        string="Can Be Texted",
        compute="_compute_marketing_reach",
        compute_sudo=True,
        search="_search_can_sms_marketing",
        help="Agreed to marketing SMS, has a phone number, and it is not on Odoo's phone blacklist.",
    )
    greetings_opt_out = fields.Boolean(string="No Greetings", help="Never send this contact occasion greetings.")
    # Which festivals a customer celebrates can tell their faith: personal data.
    crm_suite_festival_ids = fields.Many2many(
        "crm.suite.festival",
        "crm_suite_festival_partner_rel",
        string="Also Greet On",
        groups=PERSONAL_DATA,
        copy=False,
        help="Festivals to greet this customer on besides those of their language and region.",
    )
    crm_suite_festival_opt_out_ids = fields.Many2many(
        "crm.suite.festival",
        "crm_suite_festival_opt_out_rel",
        string="Never Greet On",
        groups=PERSONAL_DATA,
        copy=False,
        help="Festivals this customer does not want to be greeted on.",
    )

    # How they found us
    source_id = fields.Many2one("utm.source", string="Heard of Us Through", index="btree_not_null")
    referred_by_id = fields.Many2one("res.partner", string="Referred By", index="btree_not_null")

    # Relationship record
    last_contact_datetime = fields.Datetime(string="Last Contacted", readonly=True, copy=False, engine_owned=True)
    days_since_last_contact = fields.Integer(readonly=True, copy=False, engine_owned=True, help="Refreshed daily.")

    @api.depends("birthday", "anniversary_date")
    def _compute_occasion_keys(self):
        for partner in self:
            partner.birthday_key = month_day_key(partner.birthday)
            partner.anniversary_key = month_day_key(partner.anniversary_date)

    @api.depends(
        "consent_email", "consent_sms", "email", "is_blacklisted", "phone_sanitized", "phone_sanitized_blacklisted"
    )
    def _compute_marketing_reach(self):
        for partner in self:
            partner.can_email_marketing = partner.consent_email and partner.email and not partner.is_blacklisted
            partner.can_sms_marketing = (
                partner.consent_sms and partner.phone_sanitized and not partner.phone_sanitized_blacklisted
            )

    # Searched, not stored: Odoo's blacklists change without touching the contact.
    def _search_can_email_marketing(self, operator, value):
        reachable = Domain("consent_email", "=", True) & Domain("email", "!=", False)
        return boolean_search_domain(operator, value, reachable & Domain("is_blacklisted", "=", False))

    def _search_can_sms_marketing(self, operator, value):
        reachable = Domain("consent_sms", "=", True) & Domain("phone_sanitized", "!=", False)
        return boolean_search_domain(operator, value, reachable & Domain("phone_sanitized_blacklisted", "=", False))

    @api.model
    def _crm_suite_marketing_channel_domain(self, channel):
        """The contacts a marketing message reaches on ``channel`` ("whatsapp", "email" or "sms"):
        WhatsApp for those who prefer it and agreed to it, then by their preference among the
        channels they agreed to and Odoo's blacklists allow, email otherwise. Each contact is in
        at most one channel's domain."""
        whatsapp = (
            Domain("preferred_channel", "=", "whatsapp")
            & Domain("consent_whatsapp", "=", True)
            & Domain("phone_sanitized", "!=", False)
            & Domain("phone_sanitized_blacklisted", "=", False)
        )
        if channel == "whatsapp":
            return whatsapp
        can_email = Domain("can_email_marketing", "=", True)
        can_sms = Domain("can_sms_marketing", "=", True)
        prefers_sms = Domain("preferred_channel", "=", "sms")
        if channel == "email":
            return can_email & ~(prefers_sms & can_sms) & ~whatsapp
        return can_sms & (prefers_sms | ~can_email) & ~whatsapp

    def _crm_suite_marketing_channel(self):
        """Where a marketing message may reach the contact: "whatsapp", "email", "sms", or None."""
        self.ensure_one()
        return next(
            (
                channel
                for channel in ("whatsapp", "email", "sms")
                if self.filtered_domain(self._crm_suite_marketing_channel_domain(channel))
            ),
            None,
        )

    def _crm_suite_service_channel(self):
        """Where a message about the customer's own business (a rating request, a payment reminder)
        reaches them: WhatsApp when they prefer it and agreed to it, SMS when they prefer it, else
        email, else SMS; "whatsapp", "sms", "email", or None. Such messages are not marketing:
        Odoo's email blacklist is for mass mailings, but a blacklisted phone number is never texted."""
        self.ensure_one()
        if self.filtered_domain(self._crm_suite_marketing_channel_domain("whatsapp")):
            return "whatsapp"
        can_text = bool(self.phone_sanitized) and not self.phone_sanitized_blacklisted
        if can_text and (self.preferred_channel == "sms" or not self.email):
            return "sms"
        return "email" if self.email else None

    @api.constrains("birthday", "anniversary_date")
    def _check_occasions_not_in_future(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if (partner.birthday and partner.birthday > today) or (
                partner.anniversary_date and partner.anniversary_date > today
            ):
                raise ValidationError(
                    self.env._("%(name)s: a birthday or an anniversary cannot be in the future.", name=partner.name)
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
            # Now, not the message's date: whoever posts may set that one, an email's sender too.
            self._touch_last_contact(fields.Datetime.now())
        return super()._message_post_after_hook(message, msg_vals)

    def _mark_as_customer(self, day):
        """The first confirmed sale or posted invoice makes a potential customer existing."""
        newcomers = self.commercial_partner_id.filtered(lambda partner: partner.customer_status == "potential")
        # sudo: the status follows the sale or invoice this user just confirmed or posted; an
        # accountant may post invoices without the right to edit contacts.
        newcomers.sudo().write({"customer_status": "existing", "customer_since_date": day})

    def _log_on_timeline(self, note):
        """Show a sale, an invoice or a job on the customer's chatter, beside mails and calls."""
        # sudo: the note records a document this user just made; posting on a contact asks for the
        # right to edit it, which an accountant or a service adviser may not have.
        for partner in self.commercial_partner_id.sudo():
            partner.message_post(body=note, subtype_xmlid="mail.mt_note")

    def _touch_last_contact(self, when=None):
        when = when or fields.Datetime.now()
        # sudo: the contact time is the engine's to record (engine_owned); whoever mailed or called stamps it.
        self.commercial_partner_id.sudo().write({"last_contact_datetime": when, "days_since_last_contact": 0})
