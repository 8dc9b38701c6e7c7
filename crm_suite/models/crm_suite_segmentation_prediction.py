import io
import logging

import numpy as np

from odoo import api, fields, models
from odoo.tools import SQL

from ..buy_till_you_die import discounted_value, fit_bgnbd, fit_gamma_gamma

_logger = logging.getLogger(__name__)


class CrmSuiteSegmentation(models.AbstractModel):
    """Predictive customer value: BG/NBD and Gamma-Gamma fitted on the company's whole purchase
    history (the figures' ``history_*`` columns), each customer scored into the temporary table
    ``crm_suite_predictions`` that the write-back reads."""

    _inherit = "crm.suite.segmentation"

    @api.model
    def _purchase_histories(self, table="crm_suite_figures"):
        """(partner ids, x, t_x, T, mean repeat value) of the customers of ``table`` who bought, as arrays."""
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, history_repeat_purchases, history_span, history_age,"
                " COALESCE(history_repeat_value, 0)::float8 FROM %s WHERE history_age IS NOT NULL ORDER BY partner_id",
                SQL.identifier(table),
            )
        )
        rows = np.array(self.env.cr.fetchall(), dtype=float).reshape(-1, 5)
        return rows[:, 0].astype(int), rows[:, 1], rows[:, 2], rows[:, 3], rows[:, 4]

    @api.model
    def _fit_customer_value_models(self, company, x, t_x, T, m):
        """Refit the company's models, or keep the previous parameters and say why."""
        if np.count_nonzero(x > 0) < company.crm_suite_prediction_min_customers:
            company.sudo().crm_suite_prediction_status = "too_little_history"
            return
        bgnbd = fit_bgnbd(x, t_x, T)
        if not bgnbd:
            _logger.warning("CRM Suite: the purchase model of %s did not converge", company.name)
            company.sudo().crm_suite_prediction_status = "not_converged"
            return
        values = {
            "crm_suite_bgnbd_r": bgnbd.r,
            "crm_suite_bgnbd_alpha": bgnbd.alpha,
            "crm_suite_bgnbd_a": bgnbd.a,
            "crm_suite_bgnbd_b": bgnbd.b,
            "crm_suite_prediction_fit_date": fields.Datetime.now(),
            "crm_suite_prediction_customer_count": len(x),
            "crm_suite_prediction_status": "fitted",
        }
        # Spending too heavy-tailed for a finite average (q <= 1) leaves the purchases' fit standing.
        gamma_gamma = fit_gamma_gamma(x, m)
        if gamma_gamma:
            values.update(
                {"crm_suite_gg_p": gamma_gamma.p, "crm_suite_gg_q": gamma_gamma.q, "crm_suite_gg_v": gamma_gamma.v}
            )
        else:
            _logger.warning("CRM Suite: the purchase value model of %s did not converge", company.name)
            values["crm_suite_prediction_status"] = "values_not_converged"
        # As superuser: the parameters are the engine's (engine-owned), whoever runs the recompute.
        company.sudo().write(values)

    @api.model
    def _predict_customer_value(self, company):
        """Fill ``crm_suite_predictions`` from the figures table: one row per customer who bought,
        none at all while the company has no fitted model (the value is then the rule of thumb)."""
        self._create_predictions_table()
        partner_ids, x, t_x, T, m = self._purchase_histories()
        if not len(x):
            return
        self._fit_customer_value_models(company, x, t_x, T, m)
        bgnbd, gamma_gamma = company._crm_suite_bgnbd(), company._crm_suite_gamma_gamma()
        if not bgnbd:
            return
        columns = (
            partner_ids,
            bgnbd.probability_alive(x, t_x, T),
            bgnbd.expected_purchases(company.crm_suite_forecast_days, x, t_x, T),
            gamma_gamma.expected_order_value(x, m) if gamma_gamma else self._own_purchase_values(x, m),
            discounted_value(
                bgnbd, x, t_x, T, 1.0, company.crm_suite_clv_months, company.crm_suite_annual_discount_rate / 100
            ),
        )
        table = np.column_stack(columns)
        # A customer the formulas cannot score (none known, but a NaN would break every read of the
        # field in SQL) keeps the rule of thumb rather than a non-number.
        table = table[np.isfinite(table).all(axis=1)]
        rows = io.StringIO()
        np.savetxt(rows, table, fmt=("%d", "%.6f", "%.6f", "%.6f", "%.6f"), delimiter="\t")
        rows.seek(0)
        self.env.cr.copy_expert("COPY crm_suite_predictions FROM STDIN", rows)
        if company.crm_suite_lifecycle_by_probability:
            self._lifecycle_by_probability(company)

    @api.model
    def _lifecycle_by_probability(self, company):
        """The model's stage into the figures, which the write-back, the reminders and the offers read:
        a customer who bought more than once and is no longer new is at risk, then lapsed, below the
        company's probabilities (the model holds a one-time buyer alive until a second purchase, so
        their interval decides)."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_suite_figures f
                   SET lifecycle_stage = CASE WHEN 100 * pr.probability_alive < %(lapsed)s THEN 'lapsed'
                                              WHEN 100 * pr.probability_alive < %(at_risk)s THEN 'at_risk'
                                              ELSE 'active' END
                  FROM crm_suite_predictions pr
                 WHERE pr.partner_id = f.partner_id AND f.history_repeat_purchases >= 1
                   AND f.lifecycle_stage IN ('active', 'at_risk', 'lapsed')
                """,
                lapsed=company.crm_suite_lapsed_probability,
                at_risk=company.crm_suite_at_risk_probability,
            )
        )

    @api.model
    def _own_purchase_values(self, x, m):
        """Without a value model: each customer's own average repeat purchase, the average of those
        for a customer who bought once."""
        average = m[x > 0].mean() if np.any(x > 0) else 0.0
        return np.where(x > 0, m, average)

    @api.model
    def _create_predictions_table(self):
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS crm_suite_predictions"))
        self.env.cr.execute(
            SQL(
                """CREATE TEMPORARY TABLE crm_suite_predictions (
                       partner_id integer PRIMARY KEY, probability_alive numeric, expected_purchases numeric,
                       expected_order_value numeric, discounted_purchases numeric)"""
            )
        )
