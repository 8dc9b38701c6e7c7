"""Benchmark of the customer segmentation recompute (crm_suite), run by `make bench`.

Builds N customers and M posted invoice lines directly in SQL in a database where
crm_suite is installed (`python3 tools/suite.py bench` makes a throwaway one), then
times, in this one process:

- the recompute as the nightly cron runs it (figures table, one UPDATE per batch,
  a commit after each batch, class history, reminders);
- the bare SQL floor: the same aggregation with the same window functions feeding
  the same UPDATE, as one statement;
- a naive ORM loop (search the customer's invoices, sum in Python, write) on a
  sample of customers, extrapolated to all of them.

It ends with one line:
segmentation customers=N lines=M seconds=S floor_seconds=F ratio=R naive_speedup=X

and, when crm_suite_loyalty is installed, times the loyalty tier evaluation of the same
customers on a four-tier ladder against its floor (the same decision query feeding the
same UPDATE as one statement), ending with:
tiers customers=N seconds=S floor_seconds=F ratio=R
"""

import argparse
from datetime import date, timedelta

from bench_prediction import time_prediction, timed

LINES_PER_INVOICE = 5
PRODUCTS = 40
NAIVE_SAMPLE = 200


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True, help="database with crm_suite installed")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each; the best one counts")
    parser.add_argument(
        "--no-build", action="store_true", help="time again on the data of a database kept by `suite.py bench --keep`"
    )
    return parser.parse_args()


def build_data(env, customers, lines):
    """Customers, products and two years of invoices, refunds and payments, in SQL."""
    cr = env.cr
    company = env.company
    sales = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)], limit=1
    )
    categories = env["product.category"].create([{"name": f"Bench category {index}"} for index in range(8)])
    products = env["product.product"].create(
        [
            {"name": f"Bench product {index}", "categ_id": categories[index % 8].id, "list_price": 100.0 + index}
            for index in range(PRODUCTS)
        ]
    )
    for index, product in enumerate(products):
        product.with_company(company).standard_price = 60.0 + index
    env.flush_all()
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, active, type, is_company, customer_status, autopost_bills,
                                 create_date, write_date)
        SELECT 'Bench customer ' || n, 'Bench customer ' || n, TRUE, 'contact', FALSE, 'potential', 'ask',
               NOW(), NOW()
          FROM generate_series(1, %s) n
     RETURNING id
        """,
        [customers],
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    first_partner = min(partner_ids)
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id >= %s", [first_partner])
    invoices = max(1, lines // LINES_PER_INVOICE)
    today = date.today()
    # Customers buy at their own pace: a skewed pick spreads from very frequent to one-off buyers.
    cr.execute(
        """
        INSERT INTO account_move (name, move_type, state, journal_id, currency_id, company_id, partner_id,
                                  commercial_partner_id, date, invoice_date, invoice_date_due, payment_state,
                                  amount_total_signed, amount_residual_signed, auto_post, create_date, write_date)
        SELECT 'BENCH/' || n,
               CASE WHEN n %% 20 = 0 THEN 'out_refund' ELSE 'out_invoice' END,
               'posted', %(journal)s, %(currency)s, %(company)s, partner, partner, day, day, day + 30,
               CASE WHEN n %% 10 < 7 THEN 'paid' ELSE 'not_paid' END,
               0, 0, 'no', NOW(), NOW()
          FROM (
                SELECT n,
                       %(first)s + FLOOR(%(customers)s * POWER(random(), 2))::int AS partner,
                       %(today)s - FLOOR(random() * 730)::int AS day
                  FROM generate_series(1, %(invoices)s) n
               ) picks
        """,
        {
            "journal": sales.id,
            "currency": company.currency_id.id,
            "company": company.id,
            "first": first_partner,
            "customers": customers,
            "today": today,
            "invoices": invoices,
        },
    )
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, company_id, journal_id, account_id, currency_id, company_currency_id,
                                       display_type, parent_state, partner_id, product_id, quantity, price_unit,
                                       balance, amount_currency, debit, credit, date)
        SELECT m.id, m.company_id, m.journal_id, %(income)s, m.currency_id, m.currency_id, 'product', 'posted',
               m.partner_id, p.product_id, 1 + (m.id + i) %% 3, p.price,
               sign * (1 + (m.id + i) %% 3) * p.price, sign * (1 + (m.id + i) %% 3) * p.price,
               GREATEST(sign, 0) * (1 + (m.id + i) %% 3) * p.price,
               GREATEST(-sign, 0) * (1 + (m.id + i) %% 3) * p.price, m.date
          FROM account_move m
          CROSS JOIN generate_series(1, %(per_invoice)s) i
          JOIN LATERAL (
                SELECT (%(products)s)[1 + (m.id * 7 + i) %% %(product_count)s] AS product_id,
                       100 + (m.id * 7 + i) %% %(product_count)s AS price
               ) p ON TRUE
          CROSS JOIN LATERAL (SELECT CASE m.move_type WHEN 'out_invoice' THEN -1 ELSE 1 END AS sign) s
         WHERE m.name LIKE 'BENCH/%%'
        """,
        {
            "per_invoice": LINES_PER_INVOICE,
            "products": products.ids,
            "product_count": PRODUCTS,
            "income": sales.default_account_id.id,
        },
    )
    # Receivable lines, and a bank payment reconciled with each paid invoice.
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, company_id, journal_id, account_id, currency_id, company_currency_id,
                                       display_type, parent_state, partner_id, balance, amount_currency,
                                       debit, credit, date, date_maturity)
        SELECT m.id, m.company_id, m.journal_id, %(receivable)s, m.currency_id, m.currency_id, 'payment_term',
               'posted',
               m.partner_id, -SUM(l.balance), -SUM(l.balance), GREATEST(-SUM(l.balance), 0),
               GREATEST(SUM(l.balance), 0), m.date, m.invoice_date_due
          FROM account_move m
          JOIN account_move_line l ON l.move_id = m.id
         WHERE m.name LIKE 'BENCH/%%'
         GROUP BY m.id
        """,
        {"receivable": receivable.id},
    )
    cr.execute(
        """
        UPDATE account_move m
           SET amount_total_signed = t.total,
               amount_residual_signed = CASE WHEN m.payment_state = 'paid' THEN 0 ELSE t.total END
          FROM (SELECT move_id, balance AS total FROM account_move_line
                 WHERE display_type = 'payment_term' AND move_id IN (SELECT id FROM account_move
                                                                       WHERE name LIKE 'BENCH/%%')) t
         WHERE t.move_id = m.id
        """
    )
    cr.execute(
        """
        CREATE TEMPORARY TABLE bench_paid AS
        SELECT m.id AS invoice_id, m.partner_id, m.currency_id, m.company_id, receivable.id AS receivable_id,
               receivable.balance AS amount, m.invoice_date + (m.id %% 45) AS paid_day,
               nextval('account_move_id_seq') AS payment_id, nextval('account_move_line_id_seq') AS credit_id
          FROM account_move m
          JOIN account_move_line receivable ON receivable.move_id = m.id AND receivable.display_type = 'payment_term'
         WHERE m.name LIKE 'BENCH/%%' AND m.payment_state = 'paid' AND m.move_type = 'out_invoice'
        """,
        {},
    )
    cr.execute(
        """
        INSERT INTO account_move (id, name, move_type, state, journal_id, currency_id, company_id, partner_id,
                                  commercial_partner_id, date, auto_post, create_date, write_date)
        SELECT payment_id, 'BENCHPAY/' || invoice_id, 'entry', 'posted', %(bank)s, currency_id, company_id,
               partner_id, partner_id, paid_day, 'no', NOW(), NOW()
          FROM bench_paid;
        INSERT INTO account_move_line (id, move_id, company_id, journal_id, account_id, currency_id,
                                       company_currency_id, display_type, parent_state, partner_id, balance,
                                       amount_currency, debit, credit, date)
        SELECT credit_id, payment_id, company_id, %(bank)s, %(receivable)s, currency_id, currency_id,
               'payment_term', 'posted', partner_id, -amount, -amount, 0, amount, paid_day
          FROM bench_paid;
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount, debit_amount_currency,
                                               credit_amount_currency, company_id, max_date, debit_currency_id,
                                               credit_currency_id, create_date, write_date)
        SELECT receivable_id, credit_id, amount, amount, amount, company_id, paid_day, currency_id, currency_id,
               NOW(), NOW()
          FROM bench_paid
        """,
        {"bank": bank.id, "receivable": receivable.id},
    )
    cr.execute("ANALYZE")
    cr.commit()
    env.invalidate_all()
    return partner_ids


def bench_tiers(env, company, customers, repeat):
    """Best times of the tier evaluation and of its floor, on a Bronze-to-Platinum ladder."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    Tier = env["crm.suite.loyalty.tier"]
    if not Tier.search_count([("company_id", "=", company.id)]):
        Tier.create(
            [
                {"name": "Bronze", "sequence": 10, "min_purchases": 1, "company_id": company.id},
                {"name": "Silver", "sequence": 20, "min_amount": 2000, "min_purchases": 6, "company_id": company.id},
                {"name": "Gold", "sequence": 30, "min_amount": 5000, "maintain_amount": 4000, "company_id": company.id},
                {
                    "name": "Platinum",
                    "sequence": 40,
                    "min_amount": 10000,
                    "maintain_amount": 8000,
                    "company_id": company.id,
                },
            ]
        )
        cr.commit()
    engine = env["crm.suite.loyalty.evaluation"]
    today = date.today()

    def evaluate():
        engine._evaluate(company)
        cr.commit()

    def floor():
        env["crm.suite.segmentation"]._tune_for_aggregation()
        # The same decision query feeding the same UPDATE as one statement: PostgreSQL inlines the view.
        cr.execute(SQL("CREATE TEMPORARY VIEW crm_suite_tier_moves AS %s", engine._moves_query(company, today)))
        cr.execute(engine._update_query(company))
        cr.execute(SQL("DROP VIEW crm_suite_tier_moves"))
        cr.commit()

    first_seconds = timed(evaluate)  # every member's tier is new
    seconds = floor_seconds = float("inf")
    for _run in range(repeat):
        floor_seconds = min(floor_seconds, timed(floor))
        seconds = min(seconds, timed(evaluate))
    cr.execute("SELECT COUNT(*) FROM res_partner WHERE loyalty_tier_id ? %s", [str(company.id)])
    members = cr.fetchone()[0]
    ratio = seconds / floor_seconds
    print(f"first tier evaluation (all new):  {first_seconds:8.2f} s")
    print(f"tier evaluation:                  {seconds:8.2f} s  ({members} members)")
    print(f"bare SQL floor (one statement):   {floor_seconds:8.2f} s")
    print(
        f"tiers customers={customers} seconds={seconds:.2f} floor_seconds={floor_seconds:.2f} ratio={ratio:.2f}",
        flush=True,
    )


def naive_recompute(env, partners, company):
    """What a straightforward ORM implementation does: one customer at a time."""
    today = date.today()
    period_start = today - timedelta(days=365)
    for partner in partners:
        invoices = env["account.move"].search(
            [
                ("commercial_partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        purchases = invoices.filtered(lambda move: move.move_type == "out_invoice")
        dates = sorted(purchases.mapped("invoice_date"))
        revenue = margin = 0.0
        for line in invoices.invoice_line_ids.filtered(lambda line: line.move_id.invoice_date >= period_start):
            revenue -= line.balance
            margin -= line.balance + line.quantity * line.product_id.standard_price * (-1 if line.balance > 0 else 1)
        partner.write(
            {
                "purchase_count": len(purchases),
                "first_purchase_date": dates[0] if dates else False,
                "last_purchase_date": dates[-1] if dates else False,
                "period_revenue": revenue,
                "period_margin": margin,
            }
        )
    env.flush_all()


def main():
    args = parse_args()
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415 (Odoo loads after its configuration)
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import SQL, config  # noqa: PLC0415

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        if not args.no_build:
            print(f"building {args.customers} customers and {args.lines} invoice lines in SQL ...", flush=True)
            build_seconds = timed(lambda: build_data(env, args.customers, args.lines))
            print(f"data built in {build_seconds:.1f} s", flush=True)
        engine = env["crm.suite.segmentation"]
        today = date.today()

        def recompute():
            engine._recompute(companies=company, on_batch_done=lambda _count: cr.commit())
            cr.commit()

        def floor():
            engine._tune_for_aggregation()
            # The same aggregation, the same models and the same UPDATE, in one go: no batches, no
            # class history, no reminders.
            cr.execute(SQL("CREATE TEMPORARY TABLE crm_suite_figures AS %s", engine._figures_query(company, today)))
            engine._predict_customer_value(company)
            cr.execute(engine._update_query(company, today, company.crm_suite_expected_lifespan))
            cr.execute(SQL("DROP TABLE crm_suite_figures, crm_suite_predictions"))
            cr.commit()

        def recompute_all_rewritten():
            # As on the next night: the probabilities and expected purchases move with every day of
            # silence, so nearly every customer is written again.
            cr.execute("UPDATE res_partner SET figures_fingerprint = NULL WHERE figures_fingerprint IS NOT NULL")
            cr.commit()
            return timed(recompute)

        first_seconds = timed(recompute)  # the first night: every figure, class and reminder is new
        seconds = floor_seconds = float("inf")
        for _run in range(args.repeat):
            floor_seconds = min(floor_seconds, timed(floor))
            seconds = min(seconds, timed(recompute))
        rewritten_seconds = min(recompute_all_rewritten() for _run in range(args.repeat))
        cr.execute("SELECT COUNT(*) FROM res_partner WHERE abc_class ? %s", [str(company.id)])
        classified = cr.fetchone()[0]
        fit_seconds, score_seconds, histories = time_prediction(engine, company, today, args.repeat)

        sample = env["res.partner"].search([("name", "=like", "Bench customer %")], limit=NAIVE_SAMPLE)
        sample_seconds = timed(lambda: naive_recompute(env, sample, company))
        cr.rollback()
        naive_seconds = sample_seconds / len(sample) * args.customers

    ratio = seconds / floor_seconds
    print(f"first recompute (all new):        {first_seconds:8.2f} s")
    print(f"recompute (batched, committed):   {seconds:8.2f} s  ({classified} customers classified)")
    print(f"recompute, every customer written: {rewritten_seconds:7.2f} s  (the next night)")
    print(f"bare SQL floor (one statement):   {floor_seconds:8.2f} s")
    print(f"ratio to the floor:               {ratio:8.2f}")
    print(
        f"predictive models, {histories} customers: fit {fit_seconds:.2f} s, scoring {score_seconds:.2f} s"
        f" ({(fit_seconds + score_seconds) / seconds:.0%} of the recompute)"
    )
    print(
        f"naive ORM loop, {len(sample)} customers: {sample_seconds:8.2f} s,"
        f" extrapolated to {args.customers}: {naive_seconds:.0f} s"
    )
    print(
        f"segmentation customers={args.customers} lines={args.lines} seconds={seconds:.2f}"
        f" floor_seconds={floor_seconds:.2f} ratio={ratio:.2f} naive_speedup={naive_seconds / seconds:.0f}"
        f" rewritten_seconds={rewritten_seconds:.2f} fit_seconds={fit_seconds:.2f} score_seconds={score_seconds:.2f}",
        flush=True,
    )
    if "crm.suite.loyalty.evaluation" in registry:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bench_tiers(env, env.company, args.customers, args.repeat)


if __name__ == "__main__":
    main()
