"""The predictive models' share of the segmentation benchmark (tools/bench_segmentation.py)."""

import time


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def time_prediction(engine, company, today, repeat):
    """(fit seconds, scoring seconds, customers) of the predictive models on the recompute's histories."""
    from odoo.tools import SQL  # noqa: PLC0415 (Odoo loads after its configuration)

    from odoo.addons.crm_suite import buy_till_you_die as models  # noqa: PLC0415

    engine._tune_for_aggregation()
    engine.env.cr.execute(SQL("CREATE TEMPORARY TABLE crm_suite_figures AS %s", engine._figures_query(company, today)))
    _partners, x, t_x, T, m = engine._purchase_histories()
    engine.env.cr.rollback()

    def fit():
        return models.fit_bgnbd(x, t_x, T), models.fit_gamma_gamma(x, m)

    bgnbd, gamma_gamma = fit()

    def score():
        bgnbd.probability_alive(x, t_x, T)
        bgnbd.expected_purchases(company.crm_suite_forecast_days, x, t_x, T)
        gamma_gamma.expected_order_value(x, m)
        models.discounted_value(
            bgnbd, x, t_x, T, 1.0, company.crm_suite_clv_months, company.crm_suite_annual_discount_rate / 100
        )

    fit_seconds = min(timed(fit) for _run in range(repeat))
    score_seconds = min(timed(score) for _run in range(repeat))
    return fit_seconds, score_seconds, len(x)
