from odoo import api, fields, models

from odoo.addons.crm_suite.models.res_partner import SERVICE_PRIORITIES

CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("website", "Website"),
    ("walk_in", "Walk-in"),
    ("social", "Social Media"),
    ("feedback", "Low Rating"),
]


class CrmSuiteComplaint(models.Model):
    """A customer's complaint: who, about what, its team, stage and satisfaction rating.

    Its other parts extend it, each in a file of its own: how complaints come in
    (``crm_suite_complaint_intake``), their service level (``crm_suite_complaint_sla``) and how
    they are resolved (``crm_suite_complaint_resolution``).
    """

    _name = "crm.suite.complaint"
    _description = "Customer Complaint"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin", "rating.mixin", "crm.suite.engine.mixin"]
    _order = "priority desc, reported_datetime desc, id desc"
    _check_company_auto = True
    _primary_email = "email_from"

    name = fields.Char(string="Subject", required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index="trigram", default=lambda self: self.env._("New"))
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, tracking=True, check_company=True)
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id", store=True, index=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        domain="[('id', 'child_of', commercial_partner_id)]",
        help="Who raised it, when not the customer themself.",
    )
    email_from = fields.Char(string="Email", compute="_compute_email_from", store=True, readonly=False)
    contact_name = fields.Char(
        string="Name Given", help="The name the sender gave, kept until the complaint is matched to a customer."
    )
    contact_phone = fields.Char(string="Phone Given")
    submitted_from = fields.Char(
        string="Submitted From",
        groups="crm_suite_service.group_service_manager",
        help="The network address of the public form's visitor, for its rate limit.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    category_id = fields.Many2one("crm.suite.complaint.category", index=True, tracking=True)
    product_id = fields.Many2one("product.product", index="btree_not_null", check_company=True, tracking=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Lot/Serial", domain="[('product_id', '=', product_id)]", check_company=True
    )
    sale_order_id = fields.Many2one("sale.order", index="btree_not_null", check_company=True)
    invoice_id = fields.Many2one(
        "account.move",
        index="btree_not_null",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    repair_order_id = fields.Many2one("repair.order", string="Job Card", index="btree_not_null", check_company=True)
    priority = fields.Selection(
        SERVICE_PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="At least the priority the customer's loyalty tier gives.",
    )
    team_id = fields.Many2one(
        "crm.suite.complaint.team",
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self._default_team(),
    )
    user_id = fields.Many2one(
        "res.users", string="Assigned to", index=True, tracking=True, domain="[('share', '=', False)]"
    )
    stage_id = fields.Many2one(
        "crm.suite.complaint.stage",
        index=True,
        tracking=True,
        copy=False,
        default=lambda self: self.env["crm.suite.complaint.stage"].search([], limit=1),
        group_expand="_read_group_expand_full",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    reported_datetime = fields.Datetime(string="Reported", default=fields.Datetime.now, required=True, copy=False)
    resolved_datetime = fields.Datetime(string="Resolved On", readonly=True, copy=False, engine_owned=True)
    closed_datetime = fields.Datetime(string="Closed On", readonly=True, copy=False, engine_owned=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    rating_value = fields.Float(related="rating_last_value", store=True, string="Rating")
    survey_answer_id = fields.Many2one("survey.user_input", readonly=True, copy=False, engine_owned=True)

    @api.depends("partner_id", "contact_id")
    def _compute_email_from(self):
        for complaint in self:
            complaint.email_from = (complaint.contact_id or complaint.partner_id).email or complaint.email_from

    @api.depends("partner_id")
    def _compute_priority(self):
        for complaint in self:
            complaint.priority = complaint.partner_id._crm_suite_priority_at_least(
                complaint.priority, complaint.company_id
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return result

    @api.model
    def _default_team(self):
        return self.env["crm.suite.complaint.team"].search([("company_id", "=", self.env.company.id)], limit=1)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_policy_chosen_by_manager(vals_list)
        for vals in vals_list:
            # The reference comes from the sequence: a reference sent with the values could pass
            # for another complaint's in the emails the customer gets.
            if not (self.env.su and vals.get("reference")) or vals["reference"] == self.env._("New"):
                vals["reference"] = self.env["ir.sequence"].next_by_code("crm.suite.complaint") or "/"
        complaints = super().create(vals_list)
        for complaint in complaints.filtered("partner_id"):
            complaint.message_subscribe(complaint.partner_id.ids)
            complaint.partner_id._log_on_timeline(
                self.env._(
                    "Complaint %(reference)s: %(subject)s", reference=complaint.reference, subject=complaint.name
                )
            )
        complaints._send_stage_email()
        return complaints

    def write(self, vals):
        self._check_policy_chosen_by_manager([vals])
        matched = self.filtered(lambda complaint: not complaint.partner_id) if vals.get("partner_id") else self.browse()
        stage_changes = {}
        if "stage_id" in vals:
            new_stage = self.env["crm.suite.complaint.stage"].browse(vals["stage_id"])
            stage_changes = {complaint: complaint.stage_id for complaint in self if complaint.stage_id != new_stage}
        result = super().write(vals)
        changed = self.browse([complaint.id for complaint in stage_changes])
        if stage_changes:
            changed._apply_stage_change(stage_changes)
            changed._send_stage_email()
        # The stage email above already went to those whose stage changed with the match.
        matched._welcome_customer(send_stage_email=matched - changed)
        return result

    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = " ".join(part for part in (complaint.reference, complaint.name) if part)

    def action_crm_suite_customer_360(self):
        """Open the Customer 360 page of the complaint's customer."""
        self.ensure_one()
        return self.partner_id.action_crm_suite_customer_360()

    def _apply_stage_change(self, previous_stages):
        """Pause or resume the SLA clocks, mark resolution and closing, ask for a rating on closing."""
        now = fields.Datetime.now()
        for complaint in self:
            stage, previous = complaint.stage_id, previous_stages[complaint]
            values = {}
            if previous.is_waiting and not stage.is_waiting and complaint.sla_paused_since:
                paused = complaint._working_hours(complaint.sla_paused_since, now)
                values.update(sla_paused_hours=complaint.sla_paused_hours + paused, sla_paused_since=False)
            if stage.is_waiting and not previous.is_waiting:
                values["sla_paused_since"] = now
            if (stage.is_resolved or stage.is_closed) and not complaint.resolved_datetime:
                values.update(
                    resolved_datetime=now,
                    resolution_hours=complaint._working_hours(complaint.reported_datetime, now)
                    - complaint.sla_paused_hours,
                    is_resolution_breached=bool(complaint.resolution_deadline and now > complaint.resolution_deadline),
                )
            if not (stage.is_resolved or stage.is_closed):
                values["resolved_datetime"] = False
            if stage.is_closed and not previous.is_closed:
                values["closed_datetime"] = now
            if values:
                # sudo: the SLA clocks are the engine's (engine_owned); the stage change was the user's own write.
                complaint.sudo().write(values)
            if stage.is_closed and not previous.is_closed:
                complaint._request_satisfaction()

    def _send_stage_email(self):
        for complaint in self.filtered(lambda complaint: complaint.stage_id.template_id and complaint.partner_id):
            if complaint.response_deadline and not (
                complaint.first_response_datetime or complaint.response_promised_datetime
            ):
                # The email tells the customer when we reply: that time binds the SLA clock from now on.
                # sudo: the promise is the engine's record (engine_owned), made by the email going out.
                complaint.sudo().response_promised_datetime = complaint.response_deadline
            complaint.message_post_with_source(complaint.stage_id.template_id, subtype_xmlid="mail.mt_comment")

    def _request_satisfaction(self):
        """One-click rating by email, with the company's survey when it has one."""
        self.ensure_one()
        if not self.partner_id:
            return
        survey = self.company_id.crm_suite_complaint_survey_id
        if survey and not self.survey_answer_id:
            # sudo: the survey link is the engine's record (engine_owned).
            self.sudo().survey_answer_id = survey._create_answer(partner=self.partner_id, check_attempts=False)
        self.rating_send_request(self.env.ref("crm_suite_service.mail_template_complaint_rating"), force_send=False)

    def _message_add_suggested_recipients(self, force_primary_email=False):
        # Until the sender confirms the address (or staff match the customer), no address or Cc
        # of theirs is suggested: answering it would make contacts of addresses nobody proved.
        suggested = super()._message_add_suggested_recipients(force_primary_email=force_primary_email)
        for complaint in self.filtered(lambda complaint: not complaint.partner_id):
            suggested[complaint.id]["email_to_lst"] = []
        return suggested

    def _rating_get_partner(self):
        return self.contact_id or self.partner_id

    def _message_post_after_hook(self, message, msg_vals):
        """A reply the customer sees is the first response; a customer's reply reopens a resolved complaint."""
        result = super()._message_post_after_hook(message, msg_vals)
        is_note = message.subtype_id == self.env.ref("mail.mt_note")
        customers = self.partner_id | self.contact_id | self.commercial_partner_id
        from_customer = message.author_id in customers
        # Staff answer from the web client: a message from an employee's account. An email's From
        # can be forged, and a message's date is the poster's to set, so the clock stops now.
        from_staff = message.message_type == "comment" and any(not user.share for user in message.author_id.user_ids)
        for complaint in self:
            if message.message_type in ("email", "comment") and not is_note:
                if not from_customer and from_staff and not complaint.first_response_datetime:
                    complaint._record_first_response(fields.Datetime.now())
                if from_customer and complaint.stage_id.is_resolved and not complaint.stage_id.is_closed:
                    complaint.stage_id = complaint._reopen_stage()
        return result

    def _reopen_stage(self):
        """The last working stage before resolution (In Progress by default)."""
        working = self.env["crm.suite.complaint.stage"].search(
            [("is_resolved", "=", False), ("is_closed", "=", False), ("is_waiting", "=", False)]
        )
        return working[-1:]
