from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

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

    # How they found us
    source_id = fields.Many2one("utm.source", string="Heard of Us Through", index="btree_not_null")
    referred_by_id = fields.Many2one("res.partner", string="Referred By", index="btree_not_null")

    # Customer status and lifecycle, refreshed by sales, invoices and a daily cron
    customer_status = fields.Selection(
        [("potential", "Potential"), ("existing", "Existing")], default="potential", required=True, index=True
    )
    customer_since_date = fields.Date(string="Customer Since")
    # Customer figures: per company (company-dependent), written by crm.suite.segmentation
    first_purchase_date = company_figure(fields.Date)
    last_purchase_date = company_figure(fields.Date)
    purchase_count = company_figure(fields.Integer, string="Purchases")
    avg_purchase_interval = company_figure(fields.Float, string="Usual Days Between Purchases", digits=(16, 1))
    next_purchase_date = company_figure(
        fields.Date,
        string="Expected Next Purchase",
        help="Last purchase plus the usual interval (the company's default interval after one purchase).",
    )
    purchase_overdue_days = company_figure(fields.Integer, string="Days Overdue")
    lifecycle_stage = company_figure(fields.Selection, LIFECYCLE_STAGES)
    period_revenue = company_figure(
        fields.Float, groups=MONEY_READERS, string="Revenue (period)", digits="Account", aggregator="sum"
    )
    period_margin = company_figure(
        fields.Float, groups=MONEY_READERS, string="Gross Margin (period)", digits="Account", aggregator="sum"
    )
    period_purchase_count = company_figure(fields.Integer, string="Purchases (period)", aggregator="sum")
    average_order_value = company_figure(fields.Float, groups=MONEY_READERS, digits="Account", aggregator="avg")
    lifetime_value = company_figure(
        fields.Float,
        groups=MONEY_READERS,
        string="Lifetime Value",
        digits="Account",
        aggregator="sum",
        help="Revenue from this customer since the first purchase, net of credit notes.",
    )
    lifetime_margin = company_figure(fields.Float, groups=MONEY_READERS, digits="Account", aggregator="sum")
    predicted_lifetime_value = company_figure(
        fields.Float,
        groups=MONEY_READERS,
        string="Predicted Lifetime Value",
        digits="Account",
        aggregator="sum",
        help="Average order value x purchases per year x expected lifespan (years) x margin rate.",
    )
    purchases_per_year = company_figure(fields.Float, digits=(16, 2))
    margin_rate = company_figure(fields.Float, groups=MONEY_READERS, string="Margin Rate (%)", digits=(16, 1))
    avg_days_to_pay = company_figure(
        fields.Float, groups=MONEY_READERS, string="Average Days to Pay", digits=(16, 1), aggregator="avg"
    )
    overdue_amount = company_figure(fields.Float, groups=MONEY_READERS, digits="Account", aggregator="sum")
    late_payment_count = company_figure(
        fields.Integer,
        groups=MONEY_READERS,
        string="Late Payments",
        aggregator="sum",
        help="Invoices paid after their due date, or still unpaid past it.",
    )
    usual_payment_journal_id = company_figure(
        fields.Many2one,
        "account.journal",
        groups=MONEY_READERS,
        string="Usual Payment Method",
    )
    top_category_names = company_figure(fields.Char, string="Top Product Categories")
    abc_class = company_figure(fields.Selection, ABC_CLASSES, string="ABC Class")
    abc_computed_class = company_figure(
        fields.Selection,
        ABC_CLASSES,
        string="Computed ABC Class",
    )
    abc_override_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class Override",
        company_dependent=True,
        copy=False,
        groups="crm_suite.group_crm_suite_manager",
    )
    abc_override_reason = fields.Char(
        string="Override Reason", company_dependent=True, copy=False, groups="crm_suite.group_crm_suite_manager"
    )
    abc_override_until = fields.Date(
        string="Override Until", company_dependent=True, copy=False, groups="crm_suite.group_crm_suite_manager"
    )
    rfm_recency_score = company_figure(fields.Integer, string="Recency Score")
    rfm_recency_band = company_figure(
        fields.Selection,
        RECENCY_BANDS,
        string="Recency",
        help="The recency score as the RFM Grid's columns name it: 5 bought most recently, 1 longest ago.",
    )
    rfm_frequency_score = company_figure(fields.Integer, string="Frequency Score")
    rfm_monetary_score = company_figure(fields.Integer, string="Monetary Score")
    rfm_score = company_figure(fields.Char, string="RFM Score")
    # The public name of this link has no _id suffix: integrations already read it.
    rfm_segment = company_figure(fields.Many2one, "crm.suite.rfm.segment", string="RFM Segment")
    cost_to_serve = company_figure(
        fields.Float,
        groups=MONEY_READERS,
        string="Cost to Serve",
        digits="Account",
        aggregator="sum",
        help="Activities, emails, calls, visits, job cards, complaints and deliveries over the period, "
        "each at its unit cost in the settings.",
    )
    profit_after_service = company_figure(
        fields.Float,
        groups=MONEY_READERS,
        string="Profit after Service",
        digits="Account",
        aggregator="sum",
        help="Gross margin over the period less the cost to serve.",
    )
    is_over_service_budget = fields.Boolean(
        string="Over Service Budget",
        compute="_compute_is_over_service_budget",
        search="_search_is_over_service_budget",
        groups=MONEY_READERS,
        help="Costs more to serve over the period than the service level of their ABC class allows.",
    )
    repurchase_reminder_date = company_figure(
        fields.Date,
        help="The expected purchase date the salesperson was last reminded of.",
    )
    figures_fingerprint = company_figure(
        fields.Char, help="Digest of the figures last written: an unchanged customer is not rewritten."
    )
    analytics_currency_id = fields.Many2one("res.currency", compute="_compute_analytics_currency")
    company_expected_lifespan = fields.Float(
        string="Expected Lifespan (years)", compute="_compute_analytics_currency", digits=(16, 2)
    )

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

    @api.depends_context("company")
    @api.depends("cost_to_serve", "abc_class")
    def _compute_is_over_service_budget(self):
        over = set(self.search(self._search_is_over_service_budget("in", [True])).ids) if self else set()
        for partner in self:
            partner.is_over_service_budget = partner.id in over

    def _search_is_over_service_budget(self, operator, value):
        key = str(self.env.company.id)
        self.env["res.partner"].flush_model(["cost_to_serve", "abc_class"])
        self.env["crm.suite.service.level"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id FROM res_partner partner
                  JOIN crm_suite_service_level level
                    ON level.company_id = %(company_id)s AND level.abc_class = partner.abc_class ->> %(key)s
                 WHERE level.cost_to_serve_budget > 0
                   AND (partner.cost_to_serve ->> %(key)s)::numeric > level.cost_to_serve_budget
                """,
                company_id=self.env.company.id,
                key=key,
            )
        )
        return boolean_search_domain(operator, value, Domain("id", "in", [row[0] for row in self.env.cr.fetchall()]))

    # Searched, not stored: Odoo's blacklists change without touching the contact.
    def _search_can_email_marketing(self, operator, value):
        reachable = Domain("consent_email", "=", True) & Domain("email", "!=", False)
        return boolean_search_domain(operator, value, reachable & Domain("is_blacklisted", "=", False))

    def _search_can_sms_marketing(self, operator, value):
        reachable = Domain("consent_sms", "=", True) & Domain("phone_sanitized", "!=", False)
        return boolean_search_domain(operator, value, reachable & Domain("phone_sanitized_blacklisted", "=", False))

    def _crm_suite_marketing_channel(self):
        """Where a marketing message may reach the contact: "email" or "sms", by their preference
        among the channels they agreed to and Odoo's blacklists allow; None when neither."""
        self.ensure_one()
        if self.preferred_channel == "sms" and self.can_sms_marketing:
            return "sms"
        if self.can_email_marketing:
            return "email"
        return "sms" if self.can_sms_marketing else None

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

    @api.constrains("abc_override_class", "abc_override_reason")
    def _check_abc_override_reason(self):
        for partner in self:
            if partner.abc_override_class and not partner.abc_override_reason:
                raise ValidationError(
                    self.env._("Give a reason for setting the ABC class of %(name)s by hand.", name=partner.name)
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

    def _compute_analytics_currency(self):
        # Customer figures are in the currency of the company they were computed for.
        self.analytics_currency_id = self.env.company.currency_id
        self.company_expected_lifespan = self.env.company.crm_suite_expected_lifespan

    def write(self, vals):
        result = super().write(vals)
        if {"abc_override_class", "abc_override_until"} & vals.keys():
            self._apply_abc_override()
        return result

    def _apply_abc_override(self):
        """A manager's class holds at once, until its end date; the class history records the change."""
        today = fields.Date.context_today(self)
        company = self.env.company
        self.flush_recordset(["abc_override_class", "abc_override_until", "abc_computed_class"])
        class_held = self.env["crm.suite.segmentation"]._class_sql(
            company, today, computed_class=SQL("p.abc_computed_class ->> %s", str(company.id))
        )
        self.env.cr.execute(SQL("SELECT p.id, %s FROM res_partner p WHERE p.id = ANY(%s)", class_held, self.ids))
        new_classes = dict(self.env.cr.fetchall())
        # sudo: the class history is the engine's record, read-only for every user.
        History = self.env["crm.suite.abc.history"].sudo()
        for partner in self:
            override = partner.abc_override_class
            new_class = new_classes[partner.id] or False
            if new_class == partner.abc_class:
                continue
            change = {"to_class": new_class, "reason": partner.abc_override_reason if override else False}
            # The history keeps one change per customer and day: today's net change.
            todays = History.search(
                [("partner_id", "=", partner.id), ("company_id", "=", self.env.company.id), ("date", "=", today)]
            )
            if todays:
                todays.write(change)
            else:
                History.create(
                    {"partner_id": partner.id, "company_id": self.env.company.id, "from_class": partner.abc_class}
                    | change
                )
            # sudo: the class is the engine's to write (engine_owned); only managers reach here (field groups).
            partner.sudo().abc_class = new_class

    @api.model
    def action_crm_suite_recompute_segmentation(self):
        """Managers refresh their company's figures and segments now rather than tonight."""
        if not self.env.user.has_group("crm_suite.group_crm_suite_manager"):
            raise AccessError(self.env._("Only CRM Suite managers can recompute the customer segments."))
        # sudo: the recompute writes figures on every customer of the company, which the
        # manager may see but not all of which their record rules let them write.
        self.env["crm.suite.segmentation"].sudo()._recompute(self.env.company)
        return {"type": "ir.actions.client", "tag": "reload"}

    def _crm_suite_service_priority(self):
        """The priority ("0" normal to "3" critical) the customer's complaints and jobs start from:
        their class's service level's in the current company."""
        self.ensure_one()
        return self._crm_suite_service_level().service_priority or SERVICE_PRIORITIES[0][0]

    def _crm_suite_priority_at_least(self, priority, company):
        """``priority``, raised to what the customer (possibly none) is owed in ``company``."""
        owed = self.with_company(company)._crm_suite_service_priority() if self else "0"
        return max(priority or "0", owed)

    def _crm_suite_service_level(self):
        """The service level of the customer's ABC class in the current company (may be empty)."""
        self.ensure_one()
        abc_class = self.commercial_partner_id.abc_class
        if not abc_class:
            return self.env["crm.suite.service.level"]
        return self.env["crm.suite.service.level"].search(
            [("company_id", "=", self.env.company.id), ("abc_class", "=", abc_class)], limit=1
        )

    def _crm_suite_discount_limit(self):
        """The highest discount (%) a salesperson may give the customer in the current company, or
        None for no limit. A customer the engine has not ranked yet (a new one), or whose class has no
        level, is held to the company's lowest limit: nothing says they earned more."""
        self.ensure_one()
        levels = self._crm_suite_service_level() or self.env["crm.suite.service.level"].search(
            [("company_id", "=", self.env.company.id)]
        )
        limits = [limit for limit in levels.mapped("max_discount_percent") if limit > 0]
        return min(limits) if limits else None

    def _crm_suite_coupon_within_limit(self, program):
        """Whether a coupon of ``program`` may be given to the customer without a manager: its
        percentage off is within the customer's class limit (amounts and free products are not
        percentages, and pass)."""
        self.ensure_one()
        limit = self._crm_suite_discount_limit()
        return limit is None or program._crm_suite_percent_off() <= limit
