"""What each setting of the predictive customer value changes, its fallbacks, and its numerics."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

import numpy as np

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.crm_suite.buy_till_you_die import BgNbd, fit_bgnbd
from odoo.addons.crm_suite.models import crm_suite_segmentation_prediction as prediction

from .paper_formulas import paper_expected_purchases, paper_probability_alive

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestCustomerValueSettings(TransactionCase):
    """What each setting of the predictive customer value changes, on a company whose model was
    fitted before (CDNOW's parameters, in days) and whose history is now too short to refit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Forecast Traders", "currency_id": cls.env.ref("base.INR").id}
        )
        cls.env.user.company_ids |= cls.company
        cls.env["account.chart.template"].try_loading("generic_coa", cls.company, install_demo=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id], **DISABLED_MAIL_CONTEXT))
        cls.model = (0.243, 4.414 * 7, 0.793, 2.426)
        cls.company.sudo().write(
            {
                "crm_suite_bgnbd_r": cls.model[0],
                "crm_suite_bgnbd_alpha": cls.model[1],
                "crm_suite_bgnbd_a": cls.model[2],
                "crm_suite_bgnbd_b": cls.model[3],
                "crm_suite_gg_p": 6.25,
                "crm_suite_gg_q": 3.74,
                "crm_suite_gg_v": 15.44,
                "crm_suite_prediction_fit_date": datetime(2026, 1, 1),
                "crm_suite_prediction_status": "fitted",
            }
        )
        cls.company.crm_suite_prediction_min_customers = 1000
        cls.product = product = cls.env["product.product"].create({"name": "Water Purifier", "type": "service"})
        product.with_company(cls.company).standard_price = 60.0
        cls.steady, cls.silent, cls.once = cls.env["res.partner"].create(
            [{"name": "Steady Buyer"}, {"name": "Silent Buyer"}, {"name": "One-time Buyer"}]
        )
        histories = {
            cls.steady: [TODAY - timedelta(days=10 + 30 * n) for n in range(12)],
            cls.silent: [TODAY - timedelta(days=200 + 30 * n) for n in range(6)],
            cls.once: [TODAY - timedelta(days=100)],
        }
        cls.env["account.move"].with_company(cls.company).create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "price_unit": 100.0, "tax_ids": [Command.clear()]})
                    ],
                }
                for partner, days in histories.items()
                for day in days
            ]
        ).action_post()
        cls.histories = {
            partner: (len(days) - 1, (max(days) - min(days)).days, (TODAY - min(days)).days)
            for partner, days in histories.items()
        }

    def _recompute(self):
        with freeze_time(TODAY):
            self.env["crm.suite.segmentation"]._recompute(companies=self.company)

    def test_too_little_history_keeps_the_previous_fit_and_scores_with_it(self):
        self._recompute()
        self.assertEqual(self.company.crm_suite_prediction_status, "too_little_history")
        self.assertEqual(self.company.crm_suite_bgnbd_r, 0.243)
        x, t_x, T = self.histories[self.silent]
        self.assertAlmostEqual(
            self.silent.probability_alive, 100 * paper_probability_alive(self.model, x, t_x, T), delta=0.051
        )
        self.assertEqual(self.once.probability_alive, 100.0, "the model lets nobody leave before a second purchase")

    def test_without_a_fit_the_lifetime_value_is_the_rule_of_thumb(self):
        self.company.sudo().crm_suite_prediction_fit_date = False
        self._recompute()
        steady = self.steady
        self.assertFalse(steady.probability_alive)
        self.assertFalse(steady.expected_purchases)
        self.assertAlmostEqual(
            steady.predicted_lifetime_value,
            round(
                steady.average_order_value
                * steady.purchases_per_year
                * self.company.crm_suite_expected_lifespan
                * steady.margin_rate
                / 100,
                2,
            ),
        )
        self.assertIn("No model is fitted", steady.customer_value_explanation)

    def test_a_fit_that_does_not_converge_keeps_the_previous_parameters(self):
        self.company.crm_suite_prediction_min_customers = 2
        with patch.object(prediction, "fit_bgnbd", return_value=None), self.assertLogs(prediction._logger, "WARNING"):
            self._recompute()
        self.assertEqual(self.company.crm_suite_prediction_status, "not_converged")
        self.assertAlmostEqual(self.company.crm_suite_bgnbd_alpha, 4.414 * 7)
        self.assertTrue(self.steady.expected_purchases)

    def test_a_value_model_that_does_not_converge_leaves_the_purchase_model_standing(self):
        self.company.sudo().write({"crm_suite_gg_p": 0, "crm_suite_gg_q": 0, "crm_suite_gg_v": 0})
        self.company.crm_suite_prediction_min_customers = 2
        refitted = BgNbd(0.5, 40.0, 0.9, 3.0)
        with (
            patch.object(prediction, "fit_bgnbd", return_value=refitted),
            patch.object(prediction, "fit_gamma_gamma", return_value=None),
            self.assertLogs(prediction._logger, "WARNING"),
        ):
            self._recompute()
        self.assertEqual(self.company.crm_suite_prediction_status, "values_not_converged")
        self.assertEqual(tuple(self.company._crm_suite_bgnbd()), tuple(refitted))
        x, t_x, T = self.histories[self.steady]
        self.assertAlmostEqual(
            self.steady.probability_alive, 100 * paper_probability_alive(refitted, x, t_x, T), delta=0.051
        )
        # Every purchase was worth 100: their own average, and the repeat buyers' for the one-time buyer.
        self.assertEqual((self.steady.expected_order_value, self.once.expected_order_value), (100.0, 100.0))
        self.assertIn("the value model did not converge", self.steady.customer_value_explanation)

    def test_a_customer_the_formulas_cannot_score_keeps_the_rule_of_thumb(self):
        def lifetime_values(bgnbd, x, t_x, T, *args):
            return np.where(x == 11, np.nan, 1.0)  # the steady buyer (11 purchases after the first)

        with patch.object(prediction, "discounted_value", side_effect=lifetime_values):
            self._recompute()
        steady, silent = self.steady, self.silent
        self.assertFalse(steady.probability_alive, "no prediction stored for them, not a NaN")
        rule_of_thumb = (
            steady.average_order_value
            * steady.purchases_per_year
            * self.company.crm_suite_expected_lifespan
            * steady.margin_rate
            / 100
        )
        self.assertAlmostEqual(steady.predicted_lifetime_value, rule_of_thumb, places=2)
        self.assertTrue(silent.probability_alive, "the others are scored")

    def test_the_horizons_and_the_discount_rate(self):
        x, t_x, T = self.histories[self.steady]
        for days, months, rate in ((90, 36, 10.0), (180, 12, 0.0)):
            self.company.write(
                {
                    "crm_suite_forecast_days": days,
                    "crm_suite_clv_months": months,
                    "crm_suite_annual_discount_rate": rate,
                }
            )
            self._recompute()
            with self.subTest(days=days, months=months, rate=rate):
                self.assertAlmostEqual(
                    self.steady.expected_purchases, paper_expected_purchases(self.model, days, x, t_x, T), delta=0.0051
                )
                by_month = [paper_expected_purchases(self.model, m * 365.25 / 12, x, t_x, T) for m in range(months + 1)]
                purchases = sum(
                    (by_month[m] - by_month[m - 1]) / (1 + rate / 100) ** (m / 12) for m in range(1, months + 1)
                )
                # 40% margin on what the Gamma-Gamma model expects a purchase to be worth.
                expected = purchases * self.steady.expected_order_value * 0.4
                self.assertAlmostEqual(self.steady.predicted_lifetime_value, expected, delta=0.01 + expected * 1e-4)

    def test_the_lifecycle_from_the_probability_alive(self):
        self._recompute()
        by_interval = {partner: partner.lifecycle_stage for partner in self.histories}
        self.assertEqual(by_interval[self.silent], "lapsed", "200 days silent, over 3 x their 30-day rhythm")
        x, t_x, T = self.histories[self.silent]
        alive = 100 * paper_probability_alive(self.model, x, t_x, T)
        # The silent buyer's odds decide: at risk below a threshold above them, lapsed below one above them.
        self.company.write(
            {
                "crm_suite_lifecycle_by_probability": True,
                "crm_suite_at_risk_probability": alive + 5,
                "crm_suite_lapsed_probability": max(alive - 5, 0.1),
            }
        )
        self._recompute()
        self.assertEqual(self.silent.lifecycle_stage, "at_risk")
        # The reminders follow the same stage: lapsed by their interval, they got none; at risk, one.
        reminders = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.silent.id)]
        )
        self.assertEqual(len(reminders), 1)
        self.assertEqual(self.once.lifecycle_stage, by_interval[self.once], "a one-time buyer keeps the interval rule")
        self.company.crm_suite_lapsed_probability = alive + 1
        self._recompute()
        self.assertEqual(self.silent.lifecycle_stage, "lapsed")

    def test_a_purchase_is_a_day_whose_documents_net_above_zero(self):
        refunded, twice_a_day = self.env["res.partner"].create([{"name": "Refunded"}, {"name": "Twice a Day"}])
        day, later = TODAY - timedelta(days=60), TODAY - timedelta(days=20)
        documents = [
            (refunded, day, "out_invoice"),
            (refunded, day, "out_refund"),  # the day nets to zero: no purchase
            (refunded, later, "out_invoice"),
            (twice_a_day, day, "out_invoice"),
            (twice_a_day, day, "out_invoice"),  # one purchase, not two
            (twice_a_day, later, "out_invoice"),
        ]
        self.env["account.move"].with_company(self.company).create(
            [
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": invoice_day,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 100.0, "tax_ids": [Command.clear()]}
                        )
                    ],
                }
                for partner, invoice_day, move_type in documents
            ]
        ).action_post()
        self._recompute()
        # One purchase day: held a customer until a second; two: the model's probability.
        self.assertEqual(refunded.probability_alive, 100.0)
        self.assertAlmostEqual(
            twice_a_day.probability_alive, 100 * paper_probability_alive(self.model, 1, 40, 60), delta=0.051
        )

    def test_settings_out_of_range_are_refused(self):
        for values in (
            {"crm_suite_forecast_days": 0},
            {"crm_suite_clv_months": 0},
            {"crm_suite_annual_discount_rate": 100},
            {"crm_suite_prediction_min_customers": 1},
            {"crm_suite_at_risk_probability": 20, "crm_suite_lapsed_probability": 20},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)


@tagged("post_install", "-at_install")
class TestBuyTillYouDieNumerics(TransactionCase):
    """Fitted parameters far from CDNOW's must still give numbers, never NaN (which would break every
    SQL read of the customers' figures), and a fit on a degenerate history none at all."""

    def test_large_a_and_b_a_near_one_and_many_purchases_stay_finite_and_right(self):
        x = np.array([0.0, 2, 40, 1000])
        T = np.array([0.0, 272, 700, 730])
        for model in (
            BgNbd(1.2, 77.7, 338.0, 1977.0),
            BgNbd(0.5, 30.0, 1 + 1e-9, 2.0),
            BgNbd(0.243, 30.9, 0.793, 2.426),
        ):
            for days in (30.0, 1095.0):
                with self.subTest(model=model, days=days):
                    purchases = model.purchases_if_alive(days, x, T)
                    self.assertTrue(np.isfinite(purchases).all())
                    # The same expectation as the integral over the dropout probability.
                    integral = model._purchases_if_alive_by_quadrature(days, x, T)
                    np.testing.assert_allclose(purchases, integral, rtol=1e-3)

    def test_a_degenerate_history_is_not_fitted(self):
        # Nobody bought twice: nothing tells when customers leave.
        self.assertIsNone(fit_bgnbd(np.zeros(50), np.zeros(50), np.arange(50.0) + 10))
        # Two regular buyers: the likelihood rises without end towards a model with no dropout.
        self.assertIsNone(fit_bgnbd(np.array([10.0, 12]), np.array([300.0, 330]), np.array([310.0, 340])))
