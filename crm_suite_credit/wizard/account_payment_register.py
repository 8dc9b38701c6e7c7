from odoo import api, fields, models

from odoo.addons.crm_suite_credit.models.account_payment import PAYMENT_METHODS, default_payment_method


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    crm_suite_payment_method = fields.Selection(
        PAYMENT_METHODS,
        string="Paid By",
        compute="_compute_crm_suite_payment_method",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("journal_id")
    def _compute_crm_suite_payment_method(self):
        for wizard in self:
            wizard.crm_suite_payment_method = default_payment_method(wizard.journal_id)

    def _create_payment_vals_from_wizard(self, batch_result):
        values = super()._create_payment_vals_from_wizard(batch_result)
        values["crm_suite_payment_method"] = self.crm_suite_payment_method
        return values

    def _create_payment_vals_from_batch(self, batch_result):
        values = super()._create_payment_vals_from_batch(batch_result)
        values["crm_suite_payment_method"] = self.crm_suite_payment_method
        return values
