from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSuiteComplaintTeam(models.Model):
    """Who answers complaints, in which working hours, and whom they escalate to."""

    _name = "crm.suite.complaint.team"
    _description = "Complaint Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    leader_id = fields.Many2one(
        "res.users", string="Team Leader", domain=lambda self: self._adviser_domain(), help="First escalation level."
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalation Manager",
        domain=lambda self: self._adviser_domain(),
        help="Second escalation level, when a breach is still open after the escalation delay.",
    )
    escalation_delay_hours = fields.Float(
        default=4, help="Working hours after an escalation before the next level is called."
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_suite_complaint_team_user_rel",
        "team_id",
        "user_id",
        domain=lambda self: self._adviser_domain(),
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        check_company=True,
        help="SLA clocks count these hours, less its public holidays.",
    )
    complaint_ids = fields.One2many("crm.suite.complaint", "team_id")
    open_complaint_count = fields.Integer(compute="_compute_open_complaint_count")

    @api.model
    def _adviser_domain(self):
        return [("all_group_ids", "in", self.env.ref("crm_suite_service.group_service_adviser").ids)]

    @api.constrains("leader_id", "escalation_user_id", "member_ids")
    def _check_members_handle_complaints(self):
        # The choices are a view's; an import or an RPC call is held to the same rule, or escalations
        # would go to people who cannot open the complaint.
        adviser = self.env.ref("crm_suite_service.group_service_adviser")
        for team in self:
            outsiders = (team.leader_id | team.escalation_user_id | team.member_ids).filtered(
                lambda user: adviser not in user.all_group_ids
            )
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "%(users)s cannot open complaints: give them the Service Centre's Adviser role first.",
                        users=", ".join(outsiders.mapped("name")),
                    )
                )

    def _compute_open_complaint_count(self):
        counts = dict(
            self.env["crm.suite.complaint"]._read_group(
                [("team_id", "in", self.ids), ("stage_id.is_closed", "=", False)], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.open_complaint_count = counts.get(team, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("crm.suite.complaint").id
        if self.id:
            values["alias_defaults"] = defaults = literal_eval(self.alias_defaults or "{}")
            defaults.update({"team_id": self.id, "company_id": self.company_id.id, "channel": "email"})
        return values
