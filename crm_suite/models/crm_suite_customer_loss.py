from odoo import api, fields, models

from .res_partner import MONEY_READERS


class CrmSuiteCustomerLoss(models.Model):
    """An existing customer lost, to a competitor or for a reason: what a lost opportunity records,
    for a customer who bought before (a lapsed one found gone in a win-back review, say)."""

    _name = "crm.suite.customer.loss"
    _inherit = ["crm.suite.engine.mixin"]
    _description = "Customer Lost"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", required=True, ondelete="restrict")
    competitor_id = fields.Many2one("crm.suite.competitor", string="Lost To", index="btree_not_null")
    note = fields.Text()
    yearly_revenue = fields.Monetary(
        string="Revenue Lost",
        currency_field="currency_id",
        readonly=True,
        engine_owned=True,
        groups=MONEY_READERS,
        help="The customer's revenue over the analytics period when they were marked lost.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model_create_multi
    def create(self, vals_list):
        losses = super().create(vals_list)
        for loss in losses:
            partner = loss.partner_id.with_company(loss.company_id)
            # sudo: the figure is the engine's, read at the time; the user may record the loss.
            loss.sudo().yearly_revenue = partner.sudo().period_revenue
            partner._log_on_timeline(
                self.env._(
                    "Marked lost to %(competitor)s: %(reason)s",
                    competitor=loss.competitor_id.name or self.env._("no competitor named"),
                    reason=loss.lost_reason_id.name,
                )
            )
        return losses
