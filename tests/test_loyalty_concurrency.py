"""Two tier evaluations at the same moment, each committing, leave one tier change.

This needs real commits, so it runs in a private copy of the test database.
"""

from conftest import superuser_env

from odoo import Command


def test_two_concurrent_evaluations_move_the_customer_once(committing_registry, run_twice_at_once):
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        company = env["res.company"].create({"name": "Concurrent Tiers", "currency_id": env.ref("base.INR").id})
        env.user.company_ids |= company
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        env = env(context=dict(env.context, allowed_company_ids=[company.id]))
        gold = env["crm.suite.loyalty.tier"].create({"name": "Concurrent Gold", "min_amount": 5000})
        customer = env["res.partner"].create({"name": "Concurrent Member"})
        product = env["product.product"].create({"name": "Water purifier", "type": "service"})
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 9000.0})],
            }
        )
        invoice.action_post()
        # Back to no tier, as if the posting had not evaluated it: the two runs below must decide it.
        customer.invalidate_recordset()
        env.cr.execute("DELETE FROM crm_suite_loyalty_tier_history WHERE partner_id = %s", [customer.id])
        env.cr.execute("UPDATE res_partner SET loyalty_tier_id = NULL WHERE id = %s", [customer.id])
        customer_id, company_id, gold_id = customer.id, company.id, gold.id

    def evaluate(env):
        company = env["res.company"].browse(company_id)
        env["crm.suite.loyalty.evaluation"].with_company(company)._evaluate(company)
        env.cr.commit()

    errors = run_twice_at_once(evaluate)

    assert not errors
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        customer = env["res.partner"].with_company(company_id).browse(customer_id)
        assert customer.loyalty_tier_id.id == gold_id
        history = env["crm.suite.loyalty.tier.history"].search([("partner_id", "=", customer_id)])
        assert len(history) == 1
