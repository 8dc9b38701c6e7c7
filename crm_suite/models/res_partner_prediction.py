from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .res_partner import MONEY_READERS, company_figure


class ResPartner(models.Model):
    """What the company's fitted models predict of the customer (crm_suite_segmentation_prediction),
    and those predictions told in words with the customer's own numbers."""

    _inherit = "res.partner"

    probability_alive = company_figure(
        fields.Float,
        string="Still a Customer (%)",
        digits=(16, 1),
        aggregator="avg",
        help="The BG/NBD model's probability that the customer still buys from the company, given how often they"
        " bought and how long they have been silent.",
    )
    expected_purchases = company_figure(
        fields.Float,
        string="Expected Purchases",
        digits=(16, 2),
        aggregator="sum",
        help="Purchases the BG/NBD model expects of the customer over the company's forecast horizon.",
    )
    expected_order_value = company_figure(
        fields.Float,
        groups=MONEY_READERS,
        string="Expected Purchase Value",
        digits="Account",
        aggregator="avg",
        help="What the Gamma-Gamma model expects the customer's next purchase to be worth: their own average"
        " of their repeat purchases, drawn towards the average customer's the fewer purchases it rests on.",
    )
    customer_value_explanation = fields.Text(
        compute="_compute_customer_value_explanation", groups=MONEY_READERS, string="How the Figures Are Made"
    )

    @api.depends_context("company")
    @api.depends(
        "probability_alive", "expected_purchases", "expected_order_value", "predicted_lifetime_value", "margin_rate"
    )
    def _compute_customer_value_explanation(self):
        company = self.env.company
        fitted = bool(company._crm_suite_bgnbd())
        gamma_gamma = company._crm_suite_gamma_gamma()
        for partner in self:
            if not partner.purchase_count:
                partner.customer_value_explanation = False
            elif not fitted:
                partner.customer_value_explanation = self.env._(
                    "No model is fitted for %(company)s yet, so the predicted lifetime value is the rule of thumb:"
                    " average order value x purchases per year x expected lifespan (%(lifespan)s years) x margin"
                    " rate.",
                    company=company.name,
                    lifespan=company.crm_suite_expected_lifespan,
                )
            elif not partner.expected_order_value:  # no purchase day of theirs nets to more than zero
                partner.customer_value_explanation = False
            else:
                partner.customer_value_explanation = partner._customer_value_in_words(company, gamma_gamma)

    def _customer_value_in_words(self, company, gamma_gamma):
        self.ensure_one()

        def money(amount):
            return format_amount(self.env, amount, company.currency_id)

        if self.probability_alive < 100:
            alive = self.env._(
                "%(probability)s%% likely still a customer: they bought %(count)s times, the last time on %(last)s;"
                " the longer they stay silent beyond their usual rhythm, the lower this falls.",
                probability=round(self.probability_alive, 1),
                count=self.purchase_count,
                last=format_date(self.env, self.last_purchase_date),
            )
        else:  # one purchase day so far
            alive = self.env._(
                "Counted as a customer until a second purchase: the model lets a customer leave only after a"
                " purchase, so after one purchase the interval-based lifecycle stage says more."
            )
        return "\n".join(
            (
                alive,
                self.env._(
                    "%(purchases)s purchases expected in the next %(days)s days.",
                    purchases=round(self.expected_purchases, 2),
                    days=company.crm_suite_forecast_days,
                ),
                self.env._(
                    "%(value)s expected per purchase: their own repeat purchases weighed against the average"
                    " customer's %(average)s.",
                    value=money(self.expected_order_value),
                    average=money(gamma_gamma.expected_order_value(0, 0)),
                )
                if gamma_gamma
                else self.env._(
                    "%(value)s expected per purchase: the average of their repeat purchases, or of all customers'"
                    " for a one-time buyer (the value model did not converge).",
                    value=money(self.expected_order_value),
                ),
                self.env._(
                    "%(clv)s predicted lifetime value: the margin (%(margin)s%%) of the purchases expected over the"
                    " next %(months)s months at that value, each month discounted at %(rate)s%% a year.",
                    clv=money(self.predicted_lifetime_value),
                    margin=self.margin_rate,
                    months=company.crm_suite_clv_months,
                    rate=company.crm_suite_annual_discount_rate,
                ),
            )
        )
