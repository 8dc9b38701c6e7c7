from odoo import api, fields, models
from odoo.fields import Domain


class CrmSuiteFestival(models.Model):
    """A festival the company greets its customers on: everyone, or those of a language or a region,
    plus the customers who chose it, minus those who opted out. Its dates are listed per year (most
    follow the lunar or solar calendar), shipped for the coming years and editable."""

    _name = "crm.suite.festival"
    _description = "Festival"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Only this company greets on it; empty: every company that greets on festivals."
    )
    greet_everyone = fields.Boolean(
        string="Greet Every Customer",
        help="The company's default: every customer is greeted, whatever their language or region.",
    )
    lang_ids = fields.Many2many(
        "res.lang",
        string="Customers Speaking",
        domain=[("active", "=", True)],
        help="Customers whose language is one of these are greeted.",
    )
    state_ids = fields.Many2many(
        "res.country.state", string="Customers Living In", help="Customers whose state is one of these are greeted."
    )
    call_class_a = fields.Boolean(
        string="Call Class A Customers",
        default=True,
        help="Besides the greeting, the salesperson gets a call to make for each class A customer greeted.",
    )
    date_ids = fields.One2many("crm.suite.festival.date", "festival_id", string="Dates")
    next_date = fields.Date(compute="_compute_next_date", string="Next Date")

    @api.depends("date_ids.date")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for festival in self:
            festival.next_date = min((day for day in festival.date_ids.mapped("date") if day >= today), default=False)

    def _audience_domain(self):
        """The customers this festival greets (on ``res.partner``): everyone, or those of its languages
        or regions, plus those who chose it; never those who opted out of it."""
        self.ensure_one()
        audience = Domain("customer_status", "=", "existing")
        if not self.greet_everyone:
            audience &= Domain("lang", "in", self.lang_ids.mapped("code")) | Domain(
                "state_id", "in", self.state_ids.ids
            )
        chose = Domain("crm_suite_festival_ids", "in", self.ids)
        return (audience | chose) & Domain("crm_suite_festival_opt_out_ids", "not in", self.ids)

    def _calls(self, partner, company):
        """Whether the salesperson also calls ``partner`` for it: the festival's call list of the best
        customers (class A in ``company``), when someone may call."""
        self.ensure_one()
        # sudo: the class is an employee's figure; the greeting engine runs for every company.
        return (
            self.call_class_a
            and partner.with_company(company).sudo().abc_class == "A"
            and bool(self.env["crm.suite.greeting"]._caller(partner, company))
        )


class CrmSuiteFestivalDate(models.Model):
    _name = "crm.suite.festival.date"
    _description = "Festival Date"
    _order = "date"

    festival_id = fields.Many2one("crm.suite.festival", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True, index=True)

    _one_date_a_day = models.Constraint("UNIQUE (festival_id, date)", "This festival already has this date.")
