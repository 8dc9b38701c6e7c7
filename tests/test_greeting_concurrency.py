"""Two greeting runs at the same moment, each in its own transaction, greet once.

This needs real commits, so it runs in a private copy of the test database.
"""

from conftest import superuser_env

from odoo import fields


def test_two_concurrent_runs_greet_a_birthday_once(committing_registry, run_twice_at_once):
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        env.company.write({"crm_suite_birthday_greeting": "send", "crm_suite_greeting_hour": 0})
        today = fields.Datetime.now().date()
        partner = env["res.partner"].create(
            {
                "name": "Concurrent Birthday",
                "email": "concurrent@example.in",
                "tz": "UTC",
                "birthday": today.replace(year=1990)
                if (today.month, today.day) != (2, 29)
                else today.replace(year=1988),
            }
        )
        partner_id = partner.id
    errors = run_twice_at_once(lambda env: env["crm.suite.greeting"]._send_due_greetings())

    assert not errors
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        greetings = env["crm.suite.greeting"].search([("partner_id", "=", partner_id)])
        assert len(greetings) == 1
        assert greetings.state == "sent"
        sent = env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", partner_id), ("message_type", "=", "comment")]
        )
        assert sent == 1
