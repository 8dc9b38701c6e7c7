"""Two greeting runs at the same moment, each in its own transaction, greet once.

This needs real commits, so it runs in a private copy of the test database.
"""

from unittest.mock import patch

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
            [("model", "=", "crm.suite.greeting"), ("res_id", "=", greetings.id), ("message_type", "=", "comment")]
        )
        assert sent == 1


def _birthday_customer(env, name, phone):
    today = fields.Datetime.now().date()
    birthday = today.replace(year=1990) if (today.month, today.day) != (2, 29) else today.replace(year=1988)
    return env["res.partner"].create(
        {"name": name, "phone": phone, "preferred_channel": "sms", "tz": "UTC", "birthday": birthday}
    )


def test_a_crash_before_the_commit_sends_no_sms_and_the_next_run_sends_one(committing_registry):
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        env.company.write({"crm_suite_birthday_greeting": "send", "crm_suite_greeting_hour": 0})
        partner_id = _birthday_customer(env, "Crash Birthday", "+91 98220 55501").id
    sent_to_the_provider = []

    def provider(sms_records, **kwargs):
        sent_to_the_provider.extend(sms_records.mapped("number"))
        sms_records.write({"state": "pending"})

    Sms = committing_registry["sms.sms"]
    with patch.object(Sms, "_send", autospec=True, side_effect=provider):
        crashed = False
        try:
            with committing_registry.cursor() as cr:
                env = superuser_env(cr)
                env["crm.suite.greeting"]._send_due_greetings()
                raise RuntimeError("the worker dies before the batch commits")
        except RuntimeError:
            crashed = True
        assert crashed
        assert "+919822055501" not in sent_to_the_provider, "nothing leaves before the greeting is committed"
        with committing_registry.cursor() as cr:
            env = superuser_env(cr)
            assert not env["crm.suite.greeting"].search([("partner_id", "=", partner_id)])
            env["crm.suite.greeting"]._send_due_greetings()
        with committing_registry.cursor() as cr:
            superuser_env(cr)["sms.sms"].search([("state", "=", "outgoing")])._send()  # what the SMS queue cron does
        with committing_registry.cursor() as cr:
            env = superuser_env(cr)
            env["crm.suite.greeting"]._send_due_greetings()  # a later run does not greet again
            greeting = env["crm.suite.greeting"].search([("partner_id", "=", partner_id)])
            assert greeting.state == "sent"
    assert sent_to_the_provider.count("+919822055501") == 1
