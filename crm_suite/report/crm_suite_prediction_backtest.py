from datetime import timedelta

import numpy as np
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..buy_till_you_die import fit_bgnbd

DECILES = 10


class CrmSuitePredictionBacktest(models.Model):
    """How well the purchase forecast would have done: the BG/NBD model refitted on the history up
    to one forecast horizon ago predicts each customer's purchases of the last horizon, beside the
    rule of thumb (their rate of purchases over the segmentation period before that day), and both
    are compared with what the customers bought."""

    _name = "crm.suite.prediction.backtest"
    _description = "Customer Value Prediction Backtest"
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    cutoff_date = fields.Date(string="History Up To", readonly=True)
    end_date = fields.Date(string="Purchases Checked Up To", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    predicted_purchases = fields.Float(string="Predicted by the Model", digits=(16, 1), readonly=True)
    rule_purchases = fields.Float(string="Predicted by the Rule of Thumb", digits=(16, 1), readonly=True)
    actual_purchases = fields.Integer(string="Actual Purchases", readonly=True)
    model_error = fields.Float(
        string="Model's Error per Customer",
        digits=(16, 3),
        readonly=True,
        help="The mean absolute difference between a customer's predicted and actual purchases.",
    )
    rule_error = fields.Float(string="Rule of Thumb's Error per Customer", digits=(16, 3), readonly=True)
    line_ids = fields.One2many("crm.suite.prediction.backtest.line", "backtest_id", string="Deciles", readonly=True)

    @api.depends("cutoff_date", "end_date")
    def _compute_name(self):
        for backtest in self:
            backtest.name = self.env._("From %(start)s to %(end)s", start=backtest.cutoff_date, end=backtest.end_date)

    @api.model
    def action_run(self):
        """Backtest the current company's forecast over its horizon, and open the result."""
        if not self.env.user.has_group("crm_suite.group_crm_suite_manager"):
            raise AccessError(self.env._("Only CRM Suite managers run a backtest."))
        company = self.env.company
        end = fields.Date.context_today(self)
        cutoff = end - timedelta(days=company.crm_suite_forecast_days)
        histories = self._histories(company, cutoff, end)
        x, t_x, T, actual, period_purchases = histories
        if np.count_nonzero(x > 0) < company.crm_suite_prediction_min_customers:
            raise UserError(
                self.env._(
                    "Too few customers bought more than once before %(cutoff)s to fit the model: %(count)s, where the"
                    " settings ask for %(minimum)s.",
                    cutoff=cutoff,
                    count=np.count_nonzero(x > 0),
                    minimum=company.crm_suite_prediction_min_customers,
                )
            )
        bgnbd = fit_bgnbd(x, t_x, T)
        if not bgnbd:
            raise UserError(self.env._("The model did not converge on the history up to %(cutoff)s.", cutoff=cutoff))
        horizon = company.crm_suite_forecast_days
        period_days = (cutoff - (cutoff - relativedelta(months=company.crm_suite_segmentation_months))).days
        predicted = bgnbd.expected_purchases(horizon, x, t_x, T)
        rule = period_purchases * horizon / period_days
        # Deciles of the model's prediction, the customers most expected to buy in the tenth.
        deciles = np.array_split(np.argsort(predicted, kind="stable"), DECILES)
        # As superuser: nobody creates or edits a backtest by hand, so its figures are the engine's.
        backtest = self.sudo().create(
            {
                "company_id": company.id,
                "cutoff_date": cutoff,
                "end_date": end,
                "customer_count": len(x),
                "predicted_purchases": predicted.sum(),
                "rule_purchases": rule.sum(),
                "actual_purchases": int(actual.sum()),
                "model_error": np.abs(predicted - actual).mean(),
                "rule_error": np.abs(rule - actual).mean(),
                "line_ids": [
                    fields.Command.create(
                        {
                            "decile": number,
                            "customer_count": len(members),
                            "predicted_purchases": predicted[members].sum(),
                            "rule_purchases": rule[members].sum(),
                            "actual_purchases": int(actual[members].sum()),
                        }
                    )
                    for number, members in enumerate(deciles, start=1)
                    if len(members)
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": backtest.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.model
    def _histories(self, company, cutoff, end):
        """Per customer who bought by ``cutoff``, as arrays: x, t_x and T at the cutoff, their purchases
        after it up to ``end`` and over the segmentation period before it, all counted in purchase days
        as the nightly fit counts them (the rule of thumb's rate and the actual purchases alike)."""
        period_start = cutoff - relativedelta(months=company.crm_suite_segmentation_months)
        segmentation = self.env["crm.suite.segmentation"]
        self.env.cr.execute(
            SQL(
                """
                WITH purchase_days AS (%(purchase_days)s),
                period AS (
                    SELECT partner_id, COUNT(*) AS purchases
                      FROM purchase_days
                     WHERE day >= %(period_start)s AND day <= %(cutoff)s
                     GROUP BY partner_id
                )
                SELECT COUNT(*) FILTER (WHERE day <= %(cutoff)s) - 1,
                       MAX(day) FILTER (WHERE day <= %(cutoff)s) - MIN(day),
                       %(cutoff)s - MIN(day),
                       COUNT(*) FILTER (WHERE day > %(cutoff)s),
                       COALESCE(MAX(period.purchases), 0)
                  FROM purchase_days
                  LEFT JOIN period USING (partner_id)
                 GROUP BY partner_id
                HAVING MIN(day) <= %(cutoff)s
                """,
                purchase_days=segmentation._purchase_days_query(segmentation._purchases_query(company, end)),
                cutoff=cutoff,
                period_start=period_start,
            )
        )
        return np.array(self.env.cr.fetchall(), dtype=float).reshape(-1, 5).T


class CrmSuitePredictionBacktestLine(models.Model):
    _name = "crm.suite.prediction.backtest.line"
    _description = "Customer Value Prediction Backtest Decile"
    _order = "backtest_id, decile desc"

    backtest_id = fields.Many2one("crm.suite.prediction.backtest", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backtest_id.company_id", store=True)
    decile = fields.Integer(
        readonly=True, help="Customers ranked by the model's prediction, in ten equal groups: 10 expected most."
    )
    customer_count = fields.Integer(string="Customers", readonly=True)
    predicted_purchases = fields.Float(string="Predicted by the Model", digits=(16, 1), readonly=True)
    rule_purchases = fields.Float(string="Predicted by the Rule of Thumb", digits=(16, 1), readonly=True)
    actual_purchases = fields.Integer(string="Actual Purchases", readonly=True)
