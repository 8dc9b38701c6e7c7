from ast import literal_eval

from odoo import fields, models


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
        "res.users", string="Team Leader", domain="[('share', '=', False)]", help="First escalation level."
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalation Manager",
        domain="[('share', '=', False)]",
        help="Second escalation level, when a breach is still open after the escalation delay.",
    )
    escalation_delay_hours = fields.Float(
        default=4, help="Working hours after an escalation before the next level is called."
    )
    member_ids = fields.Many2many(
        "res.users", "crm_suite_complaint_team_user_rel", "team_id", "user_id", domain="[('share', '=', False)]"
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
