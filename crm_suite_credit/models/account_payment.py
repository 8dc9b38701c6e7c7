from odoo import api, fields, models

# How Indian customers pay, as the counter records it.
PAYMENT_METHODS = [
    ("upi", "UPI"),
    ("cash", "Cash"),
    ("cheque", "Cheque"),
    ("card", "Card"),
    ("bank_transfer", "Bank Transfer"),
]


def default_payment_method(journal):
    """What a payment into ``journal`` most likely was: cash in a cash journal, else a bank transfer."""
    if not journal:
        return False
    return "cash" if journal.type == "cash" else "bank_transfer"


class AccountPayment(models.Model):
    _inherit = "account.payment"

    crm_suite_payment_method = fields.Selection(
        PAYMENT_METHODS,
        string="Paid By",
        compute="_compute_crm_suite_payment_method",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="How the customer paid: UPI, cash, cheque, card or bank transfer. Their usual method is the"
        " most frequent over their recent payments.",
    )

    @api.depends("journal_id")
    def _compute_crm_suite_payment_method(self):
        for payment in self:
            payment.crm_suite_payment_method = default_payment_method(payment.journal_id)
