from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .res_partner import (
    ABC_CLASSES,
    LIFECYCLE_STAGES,
    MONEY_READERS,
    RECENCY_BANDS,
    SERVICE_PRIORITIES,
    boolean_search_domain,
    company_figure,
)


class ResPartner(models.Model):
    """The customer's figures as the nightly engine writes them (per company): status, purchases,
    value, payments, ABC class and its override, RFM, cost to serve against the class's budget; and
    what other add-ons ask of them (service level, priority, discount limit)."""

    _inherit = "res.partner"

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
        help="The margin of the purchases the company's models expect over its lifetime value horizon, each month"
        " discounted to today; before a first fit, average order value x purchases per year x expected lifespan"
        " (years) x margin rate.",
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

    @api.constrains("abc_override_class", "abc_override_reason")
    def _check_abc_override_reason(self):
        for partner in self:
            if partner.abc_override_class and not partner.abc_override_reason:
                raise ValidationError(
                    self.env._("Give a reason for setting the ABC class of %(name)s by hand.", name=partner.name)
                )

    def _compute_analytics_currency(self):
        # Customer figures are in the currency of the company they were computed for.
        self.analytics_currency_id = self.env.company.currency_id

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
