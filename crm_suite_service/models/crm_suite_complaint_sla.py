from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_suite.batch import for_each_safely, lock_unclaimed

WARNING_SHARE = 0.75  # of a target, when the assignee is warned


class CrmSuiteComplaint(models.Model):
    """The service level of a complaint: its policy, the response and resolution clocks on the team's
    working hours, the warnings, breaches and escalation (a cron every 15 minutes)."""

    _inherit = "crm.suite.complaint"

    sla_policy_id = fields.Many2one(
        "crm.suite.sla.policy", string="SLA Policy", compute="_compute_sla_policy_id", store=True, readonly=False
    )

    sla_paused_hours = fields.Float(
        readonly=True,
        copy=False,
        engine_owned=True,
        help="Working hours spent waiting on the customer; they move the deadlines.",
    )

    sla_paused_since = fields.Datetime(readonly=True, copy=False, engine_owned=True)

    response_promised_datetime = fields.Datetime(
        string="Reply Promised By",
        readonly=True,
        copy=False,
        engine_owned=True,
        help="The reply time the acknowledgement gave the customer: the first-response deadline never comes"
        " before it, even when the complaint is later classified under a tighter policy.",
    )

    response_deadline = fields.Datetime(compute="_compute_deadlines", store=True, index=True, engine_owned=True)

    resolution_deadline = fields.Datetime(compute="_compute_deadlines", store=True, index=True, engine_owned=True)

    first_response_datetime = fields.Datetime(string="First Response On", readonly=True, copy=False, engine_owned=True)

    response_hours = fields.Float(
        string="Hours to First Response",
        readonly=True,
        copy=False,
        engine_owned=True,
        aggregator="avg",
        help="Working hours.",
    )

    resolution_hours = fields.Float(
        string="Hours to Resolution",
        readonly=True,
        copy=False,
        engine_owned=True,
        aggregator="avg",
        help="Working hours.",
    )

    is_response_breached = fields.Boolean(readonly=True, copy=False, engine_owned=True)

    is_resolution_breached = fields.Boolean(readonly=True, copy=False, engine_owned=True)

    is_sla_breached = fields.Boolean(
        string="SLA Breached", compute="_compute_is_sla_breached", store=True, index=True, engine_owned=True
    )

    response_warning_sent = fields.Boolean(readonly=True, copy=False, engine_owned=True)

    resolution_warning_sent = fields.Boolean(readonly=True, copy=False, engine_owned=True)

    escalation_level = fields.Integer(readonly=True, copy=False, engine_owned=True, tracking=True)

    escalated_datetime = fields.Datetime(readonly=True, copy=False, engine_owned=True)

    @api.depends("category_id", "priority", "partner_id", "company_id")
    def _compute_sla_policy_id(self):
        policies = self.env["crm.suite.sla.policy"].search([("company_id", "in", self.company_id.ids)])
        for complaint in self:
            complaint = complaint.with_company(complaint.company_id)
            complaint.sla_policy_id = next(
                (p for p in policies if p.company_id == complaint.company_id and p._matches(complaint)),
                self.env["crm.suite.sla.policy"],
            )

    @api.depends(
        "sla_policy_id",
        "reported_datetime",
        "sla_paused_hours",
        "team_id.resource_calendar_id",
        "response_promised_datetime",
    )
    def _compute_deadlines(self):
        for complaint in self:
            policy = complaint.sla_policy_id
            if not policy or not complaint.reported_datetime:
                complaint.response_deadline = complaint.resolution_deadline = False
                continue
            calendar = complaint._calendar()
            start, paused = complaint.reported_datetime, complaint.sla_paused_hours
            response_deadline = calendar.plan_hours(policy.response_hours + paused, start, True)
            promised = complaint.response_promised_datetime
            complaint.response_deadline = max(response_deadline, promised) if promised else response_deadline
            complaint.resolution_deadline = calendar.plan_hours(policy.resolution_hours + paused, start, True)

    @api.depends("is_response_breached", "is_resolution_breached")
    def _compute_is_sla_breached(self):
        for complaint in self:
            complaint.is_sla_breached = complaint.is_response_breached or complaint.is_resolution_breached

    def _check_policy_chosen_by_manager(self, vals_list):
        # The policy sets the deadlines: agents get the one that matches, managers may choose another.
        chosen = any("sla_policy_id" in vals for vals in vals_list)
        if chosen and not (self.env.su or self.env.user.has_group("crm_suite_service.group_service_manager")):
            raise AccessError(self.env._("Only Service Centre managers choose a complaint's SLA policy by hand."))

    def action_escalate(self):
        """Call the next escalation level now."""
        for complaint in self:
            complaint._escalate(manual=True)

    def _calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _working_hours(self, start, end):
        return self._calendar().get_work_hours_count(start, end, compute_leaves=True) if end > start else 0.0

    def _record_first_response(self, when):
        self.ensure_one()
        # sudo: the SLA clock is the engine's (engine_owned); the reply that stops it was the user's.
        self.sudo().write(
            {
                "first_response_datetime": when,
                "response_hours": self._working_hours(self.reported_datetime, when) - self.sla_paused_hours,
                "is_response_breached": bool(self.response_deadline and when > self.response_deadline),
            }
        )

    def _escalate(self, manual=False):
        """Move one escalation level up: the team leader, then the escalation manager."""
        self.ensure_one()
        team = self.team_id
        levels = [team.leader_id, team.escalation_user_id or self.company_id.crm_suite_service_manager_id]
        level = self.escalation_level + 1
        if level > len(levels) or not levels[level - 1]:
            if manual:
                raise UserError(
                    self.env._("%(complaint)s has no further escalation level.", complaint=self.display_name)
                )
            return False
        target = levels[level - 1]
        # sudo: the escalation level is the engine's (engine_owned); a manual escalation is the sanctioned button.
        self.sudo().write({"escalation_level": level, "escalated_datetime": fields.Datetime.now()})
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("Escalated complaint: %(complaint)s", complaint=self.display_name),
            note=self.env._("Escalation level %(level)s.", level=level),
            user_id=target.id,
        )
        self.message_post_with_source(
            self.env.ref("crm_suite_service.mail_template_complaint_escalation"),
            subtype_xmlid="mail.mt_note",
            partner_ids=target.partner_id.ids,
        )
        return True

    def _check_sla(self, now):
        """Warn the assignee at 75% of a running target, escalate on breach, then one level further."""
        self.ensure_one()
        if self.sla_paused_since or self.stage_id.is_resolved or self.stage_id.is_closed:
            return
        waiting_response = not self.first_response_datetime
        policy = self.sla_policy_id
        target = policy.response_hours if waiting_response else policy.resolution_hours
        deadline = self.response_deadline if waiting_response else self.resolution_deadline
        warned_field = "response_warning_sent" if waiting_response else "resolution_warning_sent"
        breach_field = "is_response_breached" if waiting_response else "is_resolution_breached"
        elapsed = self._working_hours(self.reported_datetime, now) - self.sla_paused_hours
        if not self[warned_field] and elapsed >= WARNING_SHARE * target and now < deadline:
            self.activity_schedule(
                "mail.mail_activity_data_warning",
                date_deadline=deadline.date(),
                summary=self.env._("SLA at 75%%: answer %(complaint)s", complaint=self.display_name),
                user_id=(self.user_id or self.team_id.leader_id or self.env.user).id,
            )
            self.sudo().write({warned_field: True})  # sudo: engine_owned marker; the SLA cron's own
        if now >= deadline and not self[breach_field]:
            self.sudo().write({breach_field: True})  # sudo: engine_owned flag; the SLA cron's own
            self._escalate()
        elif self[breach_field] and self.escalation_level == 1 and self.escalated_datetime:
            delay = self.team_id.escalation_delay_hours
            if delay and self._working_hours(self.escalated_datetime, now) >= delay:
                self._escalate()

    @api.model
    def _check_slas(self, on_batch_done=None, batch_size=200):
        now = fields.Datetime.now()
        open_complaints = self.search(
            [("sla_policy_id", "!=", False), ("stage_id.is_closed", "=", False), ("stage_id.is_resolved", "=", False)]
        )
        for start in range(0, len(open_complaints), batch_size):
            batch = lock_unclaimed(open_complaints[start : start + batch_size])
            for_each_safely(batch, lambda complaint: complaint._check_sla(now), "the SLA check")
            if on_batch_done:
                on_batch_done(len(batch))

    @api.model
    def _cron_check_slas(self):
        self._check_slas(on_batch_done=self.env["ir.cron"]._commit_progress)
