"""Two segmentation recomputes at the same moment, each committing its batches, agree.

This needs real commits, so it runs in a private copy of the test database.
"""

from datetime import timedelta
from unittest.mock import patch

import pytest
from conftest import superuser_env
from psycopg2.errors import DivisionByZero

from odoo import Command, fields
from odoo.tools import SQL


def test_two_concurrent_recomputes_write_one_history_row_and_one_reminder(committing_registry, run_twice_at_once):
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        env.company.crm_suite_repurchase_reminder_days = 7
        customer = env["res.partner"].create({"name": "Concurrent Buyer", "user_id": env.ref("base.user_admin").id})
        product = env["product.product"].create({"name": "Air cooler", "type": "service"})
        today = fields.Date.context_today(env["res.partner"])
        for days_ago in (100, 70):  # every 30 days: due 40 days ago
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": today - timedelta(days=days_ago),
                    "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 9000.0})],
                }
            )
            invoice.action_post()
        customer_id, company_id = customer.id, env.company.id
    errors = run_twice_at_once(
        lambda env: env["crm.suite.segmentation"]._recompute(
            companies=env["res.company"].browse(company_id), batch_size=5, on_batch_done=lambda _: env.cr.commit()
        )
    )

    assert not errors
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        customer = env["res.partner"].with_company(company_id).browse(customer_id)
        assert customer.purchase_count == 2
        assert customer.purchase_overdue_days == 40
        assert customer.abc_class
        history = env["crm.suite.abc.history"].search([("partner_id", "=", customer_id)])
        assert len(history) == 1
        reminders = env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", customer_id)])
        assert len(reminders) == 1


def test_a_failed_recompute_leaves_no_lock_and_the_next_run_recomputes(committing_registry):
    from odoo.addons.crm_suite.models.crm_suite_segmentation import (  # noqa: PLC0415 (needs the configured Odoo)
        ADVISORY_LOCK_KEY,
    )

    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        company_id = env.company.id
        env.company.crm_suite_segmentation_date = False
    Segmentation = committing_registry["crm.suite.segmentation"]
    failing = patch.object(Segmentation, "_update_query", autospec=True, return_value=SQL("SELECT 1/0"))
    with failing, committing_registry.cursor() as cr:
        env = superuser_env(cr)
        with pytest.raises(DivisionByZero):
            env["crm.suite.segmentation"]._recompute(companies=env["res.company"].browse(company_id))
        cr.rollback()
    # No connection of the pool, nor any other, still holds the company's lock.
    with committing_registry.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM pg_locks"
            " WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND objsubid = 2",
            (ADVISORY_LOCK_KEY, company_id),
        )
        assert cr.fetchone()[0] == 0
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        env["crm.suite.segmentation"]._recompute(companies=env["res.company"].browse(company_id))
    with committing_registry.cursor() as cr:
        assert superuser_env(cr)["res.company"].browse(company_id).crm_suite_segmentation_date
