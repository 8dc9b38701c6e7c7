"""Two SLA checks and two promise warnings at the same moment, each committing, act once.

This needs real commits, so it runs in a private copy of the test database.
"""

from datetime import timedelta

from conftest import superuser_env

from odoo import Command, fields

# Threads share freezegun's clock: these tests use the real time and a desk open around the clock.
ROUND_THE_CLOCK = [
    Command.create(
        {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 0, "hour_to": 24, "day_period": "full_day"}
    )
    for day in range(7)
]


def test_two_concurrent_sla_checks_escalate_once(committing_registry, run_twice_at_once):
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        leader = env.ref("base.user_admin")
        calendar = env["resource.calendar"].create(
            {"name": "Concurrent desk", "tz": "UTC", "attendance_ids": [Command.clear(), *ROUND_THE_CLOCK]}
        )
        now = fields.Datetime.now()
        team = env["crm.suite.complaint.team"].create(
            {"name": "Concurrent Care", "leader_id": leader.id, "resource_calendar_id": calendar.id}
        )
        policy = env["crm.suite.sla.policy"].create(
            {"name": "Concurrent", "sequence": 0, "response_hours": 1, "resolution_hours": 8}
        )
        customer = env["res.partner"].create({"name": "Concurrent Complainer", "email": "cc@example.com"})
        complaint = env["crm.suite.complaint"].create(
            {
                "name": "Concurrent complaint",
                "partner_id": customer.id,
                "team_id": team.id,
                "sla_policy_id": policy.id,
                "reported_datetime": now - timedelta(hours=3),
            }
        )
        complaint_id = complaint.id

    def check(env):
        env["crm.suite.complaint"]._check_slas()
        env.cr.commit()

    errors = run_twice_at_once(check)

    assert not errors
    with committing_registry.cursor() as cr:
        complaint = superuser_env(cr)["crm.suite.complaint"].browse(complaint_id)
        assert complaint.is_response_breached
        assert complaint.escalation_level == 1
        assert len(complaint.activity_ids.filtered(lambda activity: activity.user_id == leader)) == 1


def test_two_concurrent_promise_checks_warn_once(committing_registry, run_twice_at_once):
    with committing_registry.cursor() as cr:
        env = superuser_env(cr)
        customer = env["res.partner"].create({"name": "Concurrent Rider"})
        asset = env["crm.suite.service.asset"].create(
            {"partner_id": customer.id, "make": "Concurrent", "registration_number": "CC01AB0001"}
        )
        now = fields.Datetime.now()
        job = env["repair.order"].create(
            {
                "service_asset_id": asset.id,
                "checkin_datetime": now - timedelta(hours=1),
                "promised_datetime": now + timedelta(hours=1),
            }
        )
        job_id = job.id

    def warn(env):
        env["repair.order"]._warn_of_promises_at_risk()
        env.cr.commit()

    errors = run_twice_at_once(warn)

    assert not errors
    with committing_registry.cursor() as cr:
        job = superuser_env(cr)["repair.order"].browse(job_id)
        assert job.promise_warning_sent
        warnings = job.activity_ids.filtered(lambda activity: activity.summary == "Promised delivery at risk")
        assert len(warnings) == 1
