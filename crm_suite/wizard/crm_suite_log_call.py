from odoo import fields, models


class CrmSuiteLogCall(models.TransientModel):
    _name = "crm.suite.log.call"
    _description = "Log a Call"

    partner_id = fields.Many2one("res.partner", required=True)
    outcome = fields.Selection(
        [
            ("reached", "Spoke with them"),
            ("no_answer", "No answer"),
            ("voicemail", "Left a voicemail"),
            ("call_back", "Asked to call back"),
            ("not_interested", "Not interested"),
        ],
        required=True,
        default="reached",
    )
    note = fields.Html()
    follow_up_date = fields.Date(help="Schedule another call on this day.")

    def action_log(self):
        """A done call activity: it lands on the timeline and counts as last contact."""
        self.ensure_one()
        outcome = dict(self._fields["outcome"]._description_selection(self.env))[self.outcome]
        activity = self.partner_id.activity_schedule("mail.mail_activity_data_call", summary=outcome)
        activity.action_feedback(feedback=self.note or outcome)
        if self.follow_up_date:
            self.partner_id.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=self.follow_up_date,
                summary=self.env._("Call back (%(outcome)s)", outcome=outcome),
            )
        return {"type": "ir.actions.act_window_close"}
