from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_suite.models.res_partner import MONEY_READERS
from odoo.addons.crm_suite_credit.models.account_payment import PAYMENT_METHODS

# The payments a customer's usual method is read from: their latest ones.
RECENT_PAYMENTS = 10
AGEING_MEASURES = {
    "crm_suite_ageing_not_due": "amount_not_due",
    "crm_suite_ageing_0_30": "amount_0_30",
    "crm_suite_ageing_31_60": "amount_31_60",
    "crm_suite_ageing_61_90": "amount_61_90",
    "crm_suite_ageing_90_plus": "amount_90_plus",
}


def ageing_field(string):
    return fields.Monetary(string=string, compute="_compute_crm_suite_ageing", groups=MONEY_READERS)


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_suite_usual_payment_method = fields.Selection(
        PAYMENT_METHODS,
        string="Usually Pays By",
        compute="_compute_crm_suite_usual_payment_method",
        groups=MONEY_READERS,
        help="The most frequent method over the customer's last ten payments.",
    )
    # Credit in the current company, as Odoo's credit limit counts it: what is owed and what is
    # ordered but not invoiced yet.
    crm_suite_credit_used = fields.Monetary(
        string="Credit Used", compute="_compute_crm_suite_credit", compute_sudo=True, groups=MONEY_READERS
    )
    crm_suite_credit_available = fields.Monetary(
        string="Credit Available", compute="_compute_crm_suite_credit", compute_sudo=True, groups=MONEY_READERS
    )
    crm_suite_has_credit_limit = fields.Boolean(
        compute="_compute_crm_suite_credit", compute_sudo=True, groups=MONEY_READERS
    )
    crm_suite_overdue_amount = ageing_field("Overdue")
    crm_suite_ageing_not_due = ageing_field("Not Due")
    crm_suite_ageing_0_30 = ageing_field("0-30 Days")
    crm_suite_ageing_31_60 = ageing_field("31-60 Days")
    crm_suite_ageing_61_90 = ageing_field("61-90 Days")
    crm_suite_ageing_90_plus = ageing_field("90+ Days")
    crm_suite_reminders_paused_until = fields.Date(
        string="Reminders Paused Until", compute="_compute_crm_suite_follow_up", groups=MONEY_READERS
    )
    crm_suite_reminder_count = fields.Integer(compute="_compute_crm_suite_follow_up", groups=MONEY_READERS)

    def _compute_crm_suite_usual_payment_method(self):
        customers = self.commercial_partner_id
        usual = {}
        if customers.ids:
            self.env["account.payment"].flush_model(["partner_id", "crm_suite_payment_method", "date", "state"])
            # One query for all: each customer's latest payments, then their most frequent method (the
            # latest payment's among equals).
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT ON (partner_id) partner_id, method
                      FROM (SELECT partner_id, method, COUNT(*) AS times, MIN(recency) AS latest
                              FROM (SELECT commercial.commercial_partner_id AS partner_id,
                                           payment.crm_suite_payment_method AS method,
                                           ROW_NUMBER() OVER (PARTITION BY commercial.commercial_partner_id
                                                              ORDER BY payment.date DESC, payment.id DESC) AS recency
                                      FROM account_payment payment
                                      JOIN res_partner commercial ON commercial.id = payment.partner_id
                                     WHERE commercial.commercial_partner_id IN %(customers)s
                                       AND payment.company_id = %(company)s
                                       AND payment.payment_type = 'inbound'
                                       AND payment.state IN ('in_process', 'paid')
                                       AND payment.crm_suite_payment_method IS NOT NULL) ranked
                             WHERE recency <= %(recent)s
                             GROUP BY partner_id, method) counted
                     ORDER BY partner_id, times DESC, latest
                    """,
                    customers=tuple(customers.ids),
                    company=self.env.company.id,
                    recent=RECENT_PAYMENTS,
                )
            )
            usual = dict(rows)
        for partner in self:
            partner.crm_suite_usual_payment_method = usual.get(partner.commercial_partner_id.id, False)

    @api.depends_context("company")
    def _compute_crm_suite_credit(self):
        company = self.env.company
        for partner in self:
            customer = partner.commercial_partner_id
            used = customer.credit + customer.credit_to_invoice
            partner.crm_suite_credit_used = used
            partner.crm_suite_has_credit_limit = bool(company.account_use_credit_limit and customer.credit_limit)
            partner.crm_suite_credit_available = (
                customer.credit_limit - used if partner.crm_suite_has_credit_limit else 0.0
            )

    @api.depends_context("company")
    def _compute_crm_suite_ageing(self):
        customers = self.commercial_partner_id
        # sudo: the report's figures for the readers of these fields (money readers), whatever
        # salesperson the customer has.
        groups = (
            self.env["crm.suite.credit.ageing"]
            .sudo()
            ._read_group(
                [("partner_id", "in", customers.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id"],
                [f"{measure}:sum" for measure in AGEING_MEASURES.values()],
            )
        )
        figures = {partner.id: amounts for partner, *amounts in groups}
        for partner in self:
            amounts = figures.get(partner.commercial_partner_id.id, [0.0] * len(AGEING_MEASURES))
            for name, amount in zip(AGEING_MEASURES, amounts, strict=True):
                partner[name] = amount
            partner.crm_suite_overdue_amount = sum(amounts[1:])

    @api.depends_context("company")
    def _compute_crm_suite_follow_up(self):
        follow_ups = self.env["crm.suite.credit.follow.up"].search(
            [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)]
        )
        follow_up_of = {follow_up.partner_id: follow_up for follow_up in follow_ups}
        for partner in self:
            follow_up = follow_up_of.get(partner.commercial_partner_id)
            partner.crm_suite_reminders_paused_until = follow_up.paused_until if follow_up else False
            partner.crm_suite_reminder_count = len(follow_up.reminder_ids) if follow_up else 0

    def action_crm_suite_promise_to_pay(self):
        self.ensure_one()
        return self.env["crm.suite.promise.to.pay"]._action_open(self.commercial_partner_id)

    def action_crm_suite_credit_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_suite_credit.action_crm_suite_credit_reminder")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        return action

    def action_crm_suite_ageing(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_suite_credit.action_crm_suite_credit_ageing")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["view_mode"] = "list,pivot"
        return action
