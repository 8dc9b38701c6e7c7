"""Two greeting runs at the same moment, each in its own transaction, greet once.

This needs real commits, so it runs in a private copy of the test database.
"""

import threading

from odoo import SUPERUSER_ID, api, fields


def _env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def test_two_concurrent_runs_greet_a_birthday_once(committing_registry):
    with committing_registry.cursor() as cr:
        env = _env(cr)
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
    start_together = threading.Barrier(2)
    errors = []

    def run_greetings():
        try:
            with committing_registry.cursor() as cr:
                start_together.wait(timeout=30)
                _env(cr)["crm.suite.greeting"]._send_due_greetings()
        except Exception as error:
            errors.append(error)

    runs = [threading.Thread(target=run_greetings) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=120)

    assert not errors
    with committing_registry.cursor() as cr:
        env = _env(cr)
        greetings = env["crm.suite.greeting"].search([("partner_id", "=", partner_id)])
        assert len(greetings) == 1
        assert greetings.state == "sent"
        sent = env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", partner_id), ("message_type", "=", "comment")]
        )
        assert sent == 1
