from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .res_partner import MONEY_READERS, PERSONAL_DATA

OPEN_QUOTATION_DOMAIN = Domain("state", "in", ("draft", "sent"))
# Open credit notes too: what the customer owes is their invoices less the credit notes not yet used.
UNPAID_INVOICE_DOMAIN = (
    Domain("move_type", "in", ("out_invoice", "out_refund"))
    & Domain("state", "=", "posted")
    & Domain("payment_state", "in", ("not_paid", "partial"))
)


class ResPartner(models.Model):
    """The Customer 360 page: one page per customer, each part shown to whom its groups allow.

    Its lists are computed as the viewer, so that their record rules choose what they list, with
    one search per list for all the customers read, however long their history."""

    _inherit = "res.partner"

    crm_suite_occasion_ids = fields.Many2many(
        "crm.suite.occasion",
        compute="_compute_crm_suite_occasions",
        string="Coming Occasions",
        groups=PERSONAL_DATA,
        help="The customer's and their contacts' coming birthdays and anniversaries.",
    )
    crm_suite_open_quotation_ids = fields.Many2many(
        "sale.order",
        compute="_compute_crm_suite_open_quotations",
        string="Open Quotations",
        groups=MONEY_READERS,
    )
    crm_suite_unpaid_invoice_ids = fields.Many2many(
        "account.move",
        compute="_compute_crm_suite_unpaid_invoices",
        string="Unpaid Invoices",
        groups=MONEY_READERS,
    )
    crm_suite_unpaid_amount = fields.Monetary(
        compute="_compute_crm_suite_unpaid_invoices",
        currency_field="analytics_currency_id",
        string="Unpaid",
        groups=MONEY_READERS,
        help="What their posted invoices in this company still ask, less their open credit notes, in its currency.",
    )
    crm_suite_overdue_invoice_amount = fields.Monetary(
        compute="_compute_crm_suite_unpaid_invoices",
        currency_field="analytics_currency_id",
        string="Overdue Balance",
        groups=MONEY_READERS,
        help="What their invoices in this company past their due date still ask, in its currency.",
    )
    crm_suite_overdue_invoice_count = fields.Integer(
        compute="_compute_crm_suite_unpaid_invoices", string="Overdue Invoices", groups=MONEY_READERS
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_suite_occasions(self):
        occasions = self._crm_suite_customer_records("crm.suite.occasion", Domain.TRUE)
        for partner in self:
            partner.crm_suite_occasion_ids = occasions[partner.id]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_suite_open_quotations(self):
        quotations = self._crm_suite_customer_records("sale.order", OPEN_QUOTATION_DOMAIN)
        for partner in self:
            partner.crm_suite_open_quotation_ids = quotations[partner.id]

    @api.depends_context("uid", "allowed_company_ids", "company")
    def _compute_crm_suite_unpaid_invoices(self):
        invoices = self._crm_suite_customer_records("account.move", UNPAID_INVOICE_DOMAIN, order="invoice_date_due, id")
        today = fields.Date.context_today(self)
        company = self.env.company
        for partner in self:
            unpaid = invoices[partner.id]
            # The figures are the current company's, in its currency, as the customer's figures are.
            owed = unpaid.filtered(lambda move: move.company_id == company)
            overdue = owed.filtered(
                lambda move: move.move_type == "out_invoice" and move.invoice_date_due and move.invoice_date_due < today
            )
            partner.crm_suite_unpaid_invoice_ids = unpaid
            partner.crm_suite_overdue_invoice_count = len(overdue)
            partner.crm_suite_unpaid_amount = sum(owed.mapped("amount_residual_signed"))
            partner.crm_suite_overdue_invoice_amount = sum(overdue.mapped("amount_residual_signed"))

    def action_crm_suite_customer_360(self):
        """Open the Customer 360 page of the customer (the company a contact works for). The documents'
        own buttons call it on their customer, who may be missing."""
        if not self:
            raise UserError(self.env._("Choose the customer first."))
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer 360"),
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "views": [(self.env.ref("crm_suite.view_partner_form_customer_360").id, "form")],
            "target": "current",
        }

    def _crm_suite_customer_records(self, model_name, domain, order=None):
        """{partner id: the records of ``model_name`` matching ``domain`` whose ``partner_id`` is the
        partner or one of its contacts}, for each partner of self, as Odoo counts a company's sales
        orders. One search for all of self, as the current user: their access rules apply. An API of
        the Customer 360 for the add-ons' parts."""
        Model = self.env[model_name]
        found = {partner.id: [] for partner in self}
        if not self.ids:
            return dict.fromkeys(found, Model)
        contacts = self.with_context(active_test=False).search_fetch([("id", "child_of", self.ids)], ["parent_id"])
        records = Model.search_fetch(
            Domain("partner_id", "in", contacts.ids) & Domain(domain), ["partner_id"], order=order
        )
        # Up the contact tree as far as the contacts found: a parent above them is not the viewer's to read.
        contact_ids = set(contacts.ids)
        for record in records:
            partner = record.partner_id
            while partner.id in contact_ids:
                if partner.id in found:
                    found[partner.id].append(record.id)
                partner = partner.parent_id
        return {partner_id: Model.browse(ids) for partner_id, ids in found.items()}

    def _crm_suite_customer_counts(self, model_name, domain):
        """{partner id: how many records of ``model_name`` match ``domain`` for the partner or one of its
        contacts}, as ``_crm_suite_customer_records`` finds them, with one grouped count."""
        counts = {partner.id: 0 for partner in self}
        if not self.ids:
            return counts
        contacts = self.with_context(active_test=False).search_fetch([("id", "child_of", self.ids)], ["parent_id"])
        contact_ids = set(contacts.ids)
        for partner, count in self.env[model_name]._read_group(
            Domain("partner_id", "in", contacts.ids) & Domain(domain), ["partner_id"], ["__count"]
        ):
            while partner.id in contact_ids:
                if partner.id in counts:
                    counts[partner.id] += count
                partner = partner.parent_id
        return counts
