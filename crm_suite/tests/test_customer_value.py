"""The predictive customer value, validated on the CDNOW sample against the published fits.

The sample (2,357 customers of the CDNOW music store, their purchases from January 1997 to June
1998; Fader, Hardie & Lee 2005, "Counting your customers the easy way") is imported as posted
invoices, its dates shifted so that its last day is TODAY. The nightly recompute on the
calibration end (1997-09-30, shifted) must find the published BG/NBD and Gamma-Gamma parameters;
a backtest on TODAY refits on the same calibration and predicts the 39 holdout weeks.
"""

from collections import defaultdict
from datetime import date, datetime

import numpy as np

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from .paper_formulas import paper_expected_purchases, paper_probability_alive

TODAY = date(2026, 6, 30)
SHIFT = TODAY - date(1998, 6, 30)
CALIBRATION_END = date(1997, 9, 30) + SHIFT
HOLDOUT_DAYS = (TODAY - CALIBRATION_END).days  # 273 days: the paper's 39 weeks
# Fader, Hardie & Lee 2005 (BG/NBD, alpha in weeks) and Fader & Hardie 2013 (Gamma-Gamma).
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414 * 7, "a": 0.793, "b": 2.426}
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}
INVOICE_BATCH = 500


def read_cdnow_sample():
    """{customer number: {day: amount}}, the sample's transactions summed per day and shifted."""
    purchases = defaultdict(lambda: defaultdict(float))
    with open(file_path("crm_suite/tests/fixtures/cdnow_sample.txt")) as sample:
        for line in sample:
            _master_id, customer, day, _quantity, amount = line.split()
            shifted = datetime.strptime(day, "%Y%m%d").date() + SHIFT
            purchases[int(customer)][shifted] += float(amount)
    return purchases


@tagged("post_install", "-at_install")
class TestCdnowSample(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "CDNOW", "currency_id": cls.env.ref("base.USD").id})
        cls.env.user.company_ids |= cls.company
        cls.env["account.chart.template"].try_loading("generic_coa", cls.company, install_demo=False)
        # Nobody follows the imported invoices: Odoo's own tests import without mail tracking too.
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id], **DISABLED_MAIL_CONTEXT))
        cls.company.crm_suite_forecast_days = HOLDOUT_DAYS
        cls.purchases = read_cdnow_sample()
        cls.customers = dict(
            zip(
                sorted(cls.purchases),
                cls.env["res.partner"].create([{"name": f"CDNOW {number:04d}"} for number in sorted(cls.purchases)]),
                strict=True,
            )
        )
        album = cls.env["product.product"].create({"name": "Music CD", "type": "service"})
        invoices = [
            {
                "move_type": "out_invoice",
                "partner_id": cls.customers[number].id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create({"product_id": album.id, "price_unit": amount, "tax_ids": [Command.clear()]})
                ],
            }
            for number, days in cls.purchases.items()
            for day, amount in days.items()
        ]
        Move = cls.env["account.move"].with_company(cls.company)
        for start in range(0, len(invoices), INVOICE_BATCH):
            Move.create(invoices[start : start + INVOICE_BATCH]).action_post()

    def _calibration_history(self, number):
        """x, t_x and T (days) of a customer at the calibration end, as the paper counts them."""
        days = sorted(day for day, amount in self.purchases[number].items() if day <= CALIBRATION_END and amount > 0)
        return len(days) - 1, (days[-1] - days[0]).days, (CALIBRATION_END - days[0]).days

    def test_the_nightly_fit_finds_the_published_parameters_and_scores_by_the_papers_formulas(self):
        with freeze_time(CALIBRATION_END):
            self.env["crm.suite.segmentation"]._recompute(companies=self.company)
        company = self.company
        self.assertEqual(company.crm_suite_prediction_status, "fitted")
        # Eight customers' first purchase was worth 0.00: no purchase, as a day netting to zero is none.
        self.assertEqual(company.crm_suite_prediction_customer_count, 2349)
        for name, published in PUBLISHED_BGNBD.items():
            with self.subTest(parameter=name):
                self.assertAlmostEqual(company[f"crm_suite_bgnbd_{name}"] / published, 1, delta=0.01)
        for name, published in PUBLISHED_GAMMA_GAMMA.items():
            with self.subTest(parameter=name):
                self.assertAlmostEqual(company[f"crm_suite_gg_{name}"] / published, 1, delta=0.01)
        model = tuple(company._crm_suite_bgnbd())
        p, q, v = company._crm_suite_gamma_gamma()
        # A one-time buyer, an occasional and a frequent one (sample numbers 3, 1 and 157).
        for number in (3, 1, 157):
            customer = self.customers[number]
            x, t_x, T = self._calibration_history(number)
            bought = {day: amount for day, amount in self.purchases[number].items() if amount > 0}
            repeat_days = sorted(day for day in bought if day <= CALIBRATION_END)[1:]
            mean_repeat = np.mean([bought[day] for day in repeat_days]) if x else 0.0
            with self.subTest(customer=customer.name):
                self.assertAlmostEqual(
                    customer.probability_alive, 100 * paper_probability_alive(model, x, t_x, T), delta=0.051
                )
                self.assertAlmostEqual(
                    customer.expected_purchases, paper_expected_purchases(model, HOLDOUT_DAYS, x, t_x, T), delta=0.0051
                )
                self.assertAlmostEqual(
                    customer.expected_order_value, p * (v + x * mean_repeat) / (p * x + q - 1), delta=0.0051
                )
                # No cost: all margin. The expected purchases of each month, discounted at 10% a year.
                months = [paper_expected_purchases(model, m * 365.25 / 12, x, t_x, T) for m in range(37)]
                discounted = sum((months[m] - months[m - 1]) / 1.1 ** (m / 12) for m in range(1, 37))
                self.assertAlmostEqual(customer.predicted_lifetime_value, discounted * customer.expected_order_value, 0)
        self.assertIn("likely still a customer", self.customers[1].customer_value_explanation)

    @freeze_time(TODAY)
    def test_the_backtest_refits_on_the_calibration_and_predicts_the_holdout(self):
        manager = new_test_user(
            self.env,
            login="cdnow_manager",
            groups="crm_suite.group_crm_suite_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.env["crm.suite.prediction.backtest"].with_user(
                new_test_user(self.env, login="cdnow_user", groups="crm_suite.group_crm_suite_user")
            ).action_run()
        action = self.env["crm.suite.prediction.backtest"].with_user(manager).action_run()
        backtest = self.env["crm.suite.prediction.backtest"].browse(action["res_id"])
        self.assertEqual((backtest.cutoff_date, backtest.end_date), (CALIBRATION_END, TODAY))
        bought = {
            number: [day for day, amount in days.items() if amount > 0] for number, days in self.purchases.items()
        }
        holdout = {
            number: sum(1 for day in days if day > CALIBRATION_END)
            for number, days in bought.items()
            if days and min(days) <= CALIBRATION_END
        }
        self.assertEqual(backtest.customer_count, 2349)
        self.assertEqual(backtest.actual_purchases, sum(holdout.values()))
        # The refit on the calibration is the published one: its holdout forecast, by the paper's formula.
        model = (0.243, 4.414 * 7, 0.793, 2.426)
        forecast = sum(
            paper_expected_purchases(model, HOLDOUT_DAYS, *self._calibration_history(number)) for number in holdout
        )
        self.assertAlmostEqual(backtest.predicted_purchases / forecast, 1, delta=0.01)
        self.assertEqual(len(backtest.line_ids), 10)
        self.assertAlmostEqual(sum(backtest.line_ids.mapped("predicted_purchases")), backtest.predicted_purchases, 0)
        self.assertEqual(sum(backtest.line_ids.mapped("actual_purchases")), backtest.actual_purchases)
        top, bottom = backtest.line_ids.sorted("decile")[-1], backtest.line_ids.sorted("decile")[0]
        self.assertGreater(top.actual_purchases, bottom.actual_purchases, "the model ranks the buyers")
        # On CDNOW the model beats a constant rate: most of the cohort has quietly left.
        self.assertLess(backtest.model_error, backtest.rule_error)
        with self.assertRaises(AccessError):
            backtest.with_user(manager).write({"actual_purchases": 1})
