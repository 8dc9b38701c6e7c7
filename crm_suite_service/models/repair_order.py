from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.crm_suite.batch import for_each_safely, lock_unclaimed
from odoo.addons.crm_suite.models.res_partner import SERVICE_PRIORITIES

# The job card stages a service centre sees, and the repair states each one stands for.
SERVICE_STAGES = [
    ("received", "Received"),
    ("diagnosing", "Diagnosing"),
    ("awaiting_approval", "Awaiting Approval"),
    ("approved", "Approved"),
    ("in_progress", "In Progress"),
    ("quality_check", "Quality Check"),
    ("ready", "Ready for Pickup"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
STAGES_OF_STATE = {
    "draft": ("received", "diagnosing", "awaiting_approval"),
    "confirmed": ("approved",),
    "under_repair": ("in_progress", "quality_check"),
    "done": ("ready", "delivered"),
    "cancel": ("cancelled",),
}
OPEN_STAGES = ("received", "diagnosing", "awaiting_approval", "approved", "in_progress", "quality_check")
APPROVAL_METHODS = [
    ("signature", "Signed on the portal"),
    ("phone", "By phone"),
    ("in_person", "In person"),
    ("message", "By email or message"),
    ("quotation", "Quotation confirmed in Sales"),
]
FREE_DELIVERY_REASONS = [
    ("warranty", "Under warranty"),
    ("free_service", "Free service"),
    ("goodwill", "Goodwill"),
]
# Written only by the approval and delivery steps below (as superuser), never by a form or an RPC call.
# Fixed once the asset is delivered: they decide whether it was delivered on time.
DELIVERY_TIMES = {"promised_datetime", "checkin_datetime"}
FUEL_LEVELS = [
    ("empty", "Empty"),
    ("quarter", "1/4"),
    ("half", "1/2"),
    ("three_quarters", "3/4"),
    ("full", "Full"),
]


class RepairOrder(models.Model):
    _name = "repair.order"
    _inherit = ["repair.order", "portal.mixin", "crm.suite.engine.mixin"]
    _order = "service_priority desc, priority desc, create_date desc"

    service_priority = fields.Selection(
        SERVICE_PRIORITIES,
        string="Service Priority",
        compute="_compute_service_priority",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="At least the priority the customer's loyalty tier gives; the workshop takes the highest first.",
    )
    service_asset_id = fields.Many2one(
        "crm.suite.service.asset",
        string="Vehicle / Asset",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)] if partner_id else []",
    )
    asset_type = fields.Selection(related="service_asset_id.asset_type", store=True)
    service_stage = fields.Selection(
        SERVICE_STAGES,
        string="Stage",
        compute="_compute_service_stage",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        group_expand="_expand_service_stages",
    )
    checkin_datetime = fields.Datetime(string="Checked In", default=fields.Datetime.now, copy=False, tracking=True)
    checkin_date = fields.Date(compute="_compute_checkin_date", store=True)
    checkin_odometer = fields.Integer(string="Odometer In (km)", copy=False)
    fuel_level = fields.Selection(FUEL_LEVELS, copy=False)
    promised_datetime = fields.Datetime(string="Promised For", copy=False, tracking=True)
    delivered_datetime = fields.Datetime(
        string="Delivered", copy=False, readonly=True, tracking=True, engine_owned=True
    )
    is_on_time = fields.Boolean(
        string="On Time",
        compute="_compute_delivery_figures",
        store=True,
        help="Delivered by the promised time.",
        engine_owned=True,
    )
    delay_hours = fields.Float(
        compute="_compute_delivery_figures", store=True, help="Hours delivered after the promise.", engine_owned=True
    )
    turnaround_hours = fields.Float(
        compute="_compute_delivery_figures", store=True, help="Hours from check-in to delivery.", engine_owned=True
    )
    is_promise_at_risk = fields.Boolean(
        compute="_compute_is_promise_at_risk",
        search="_search_is_promise_at_risk",
        help="Still open and due within the company's warning time.",
    )
    promise_warning_sent = fields.Boolean(copy=False, readonly=True, engine_owned=True)
    problem_ids = fields.One2many("crm.suite.service.problem", "repair_id", string="Reported Problems", copy=True)
    checklist_line_ids = fields.One2many(
        "crm.suite.service.checklist.line",
        "repair_id",
        string="Inspection",
        copy=False,
    )
    intake_photo_ids = fields.Many2many(
        "ir.attachment", "crm_suite_repair_intake_photo_rel", "repair_id", "attachment_id", string="Intake Photos"
    )
    labour_ids = fields.One2many("crm.suite.service.labour", "repair_id", string="Labour", copy=True)
    technician_ids = fields.Many2many(
        "res.users",
        "crm_suite_repair_technician_rel",
        "repair_id",
        "user_id",
        string="Technicians",
        compute="_compute_technician_ids",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
    )
    estimated_hours = fields.Float(compute="_compute_hours", store=True)
    actual_hours = fields.Float(string="Hours Spent", compute="_compute_hours", store=True)
    is_comeback = fields.Boolean(compute="_compute_comeback", store=True, string="Comeback", engine_owned=True)
    comeback_of_id = fields.Many2one(
        "repair.order",
        compute="_compute_comeback",
        store=True,
        string="Comeback Of",
        index="btree_not_null",
        engine_owned=True,
    )
    estimate_state = fields.Selection(related="sale_order_id.state", string="Estimate Status")
    invoice_ids = fields.Many2many(related="sale_order_id.invoice_ids")
    amount_untaxed = fields.Monetary(related="sale_order_id.amount_untaxed", string="Untaxed Amount")
    amount_total = fields.Monetary(related="sale_order_id.amount_total", string="Total")
    currency_id = fields.Many2one(related="company_id.currency_id")
    approval_method = fields.Selection(APPROVAL_METHODS, readonly=True, copy=False, engine_owned=True)
    approval_datetime = fields.Datetime(string="Approved On", readonly=True, copy=False, engine_owned=True)
    approval_user_id = fields.Many2one(
        "res.users", string="Approval Recorded By", readonly=True, copy=False, engine_owned=True
    )
    approval_note = fields.Char(readonly=True, copy=False, engine_owned=True)
    free_delivery_reason = fields.Selection(
        FREE_DELIVERY_REASONS,
        string="Delivered Without Invoice",
        readonly=True,
        copy=False,
        tracking=True,
        help="Why a service manager let the asset go without a posted invoice.",
        engine_owned=True,
    )
    free_delivery_note = fields.Char(readonly=True, copy=False, engine_owned=True)
    free_delivery_user_id = fields.Many2one(
        "res.users", string="Free Delivery Approved By", readonly=True, copy=False, engine_owned=True
    )

    @api.depends("picking_id", "service_asset_id")
    def _compute_partner_id(self):
        # The job card is the asset owner's; without an asset, Odoo's rule (the return's partner) holds.
        with_asset = self.filtered("service_asset_id")
        result = super(RepairOrder, self - with_asset)._compute_partner_id()
        for job in with_asset:
            job.partner_id = job.service_asset_id.partner_id
        return result

    @api.depends("state", "delivered_datetime")
    def _compute_service_stage(self):
        for job in self:
            allowed = STAGES_OF_STATE[job.state]
            if job.state == "done":
                job.service_stage = "delivered" if job.delivered_datetime else "ready"
            elif job.service_stage not in allowed:
                job.service_stage = allowed[0]

    @api.depends("checkin_datetime")
    def _compute_checkin_date(self):
        for job in self:
            job.checkin_date = job.checkin_datetime and fields.Date.context_today(job, job.checkin_datetime)

    @api.depends("delivered_datetime", "promised_datetime", "checkin_datetime")
    def _compute_delivery_figures(self):
        for job in self:
            delivered, promised, checkin = job.delivered_datetime, job.promised_datetime, job.checkin_datetime
            job.is_on_time = bool(delivered and promised and delivered <= promised)
            job.delay_hours = max((delivered - promised).total_seconds() / 3600, 0) if delivered and promised else 0
            job.turnaround_hours = (delivered - checkin).total_seconds() / 3600 if delivered and checkin else 0

    @api.depends("promised_datetime", "service_stage")
    def _compute_is_promise_at_risk(self):
        now = fields.Datetime.now()
        for job in self:
            warning = timedelta(hours=job.company_id.crm_suite_promise_warning_hours)
            job.is_promise_at_risk = bool(
                job.promised_datetime and job.service_stage in OPEN_STAGES and job.promised_datetime <= now + warning
            )

    @api.depends("labour_ids.technician_id")
    def _compute_technician_ids(self):
        for job in self:
            job.technician_ids |= job.labour_ids.technician_id

    @api.depends("labour_ids.estimated_hours", "labour_ids.actual_hours")
    def _compute_hours(self):
        for job in self:
            job.estimated_hours = sum(job.labour_ids.mapped("estimated_hours"))
            job.actual_hours = sum(job.labour_ids.mapped("actual_hours"))

    @api.depends("service_asset_id", "checkin_datetime", "problem_ids.tag_id", "tag_ids")
    def _compute_comeback(self):
        for job in self:
            job.comeback_of_id = job._find_comeback_origin()
            job.is_comeback = bool(job.comeback_of_id)

    def _search_is_promise_at_risk(self, operator, value):
        if operator != "in":
            return NotImplemented
        now = fields.Datetime.now()
        at_risk = Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("promised_datetime", "<=", now + timedelta(hours=company.crm_suite_promise_warning_hours))
            for company in self.env.companies
        ) & Domain("service_stage", "in", OPEN_STAGES)
        return at_risk if True in value else ~at_risk

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for job in self:
            job.access_url = f"/my/job-cards/{job.id}"
        return result

    @api.model
    def _expand_service_stages(self, stages, domain):
        return [key for key, _label in SERVICE_STAGES]

    @api.onchange("service_asset_id")
    def _onchange_service_asset_id(self):
        self._fill_checklist()

    @api.constrains("promised_datetime", "checkin_datetime")
    def _check_promise_after_checkin(self):
        for job in self:
            if job.promised_datetime and job.checkin_datetime and job.promised_datetime < job.checkin_datetime:
                raise ValidationError(self.env._("%(job)s is promised before it was checked in.", job=job.display_name))

    @api.constrains("service_asset_id", "partner_id")
    def _check_asset_owner(self):
        for job in self.filtered("service_asset_id"):
            if job.service_asset_id.partner_id.commercial_partner_id != job.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(asset)s belongs to %(owner)s, not to the job card's customer.",
                        asset=job.service_asset_id.display_name,
                        owner=job.service_asset_id.partner_id.display_name,
                    )
                )

    @api.depends("partner_id")
    def _compute_service_priority(self):
        for job in self:
            job.service_priority = job.partner_id._crm_suite_priority_at_least(job.service_priority, job.company_id)

    @api.constrains("state")
    def _check_approved_before_work(self):
        # The rule holds however the state changes: a button, the kanban, a sale order, an RPC write.
        for job in self:
            quoted = job.sale_order_id and not job.sale_order_line_id
            if quoted and job.state not in ("draft", "cancel") and not job.approval_datetime:
                raise ValidationError(
                    self.env._(
                        "The customer has not approved the estimate of %(jobs)s yet. Wait for their signature on"
                        " the portal, or record the approval they gave by phone or in person.",
                        jobs=job.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        jobs.filtered(lambda job: not job.checklist_line_ids)._fill_checklist()
        jobs._record_odometer()
        for job in jobs.filtered("partner_id"):
            job.partner_id._log_on_timeline(
                self.env._(
                    "Job card %(job)s opened: %(asset)s", job=job.name, asset=job.service_asset_id.display_name or ""
                )
            )
        return jobs

    def write(self, vals):
        if not self.env.su:
            self._check_writable(vals)
        target_stage = vals.pop("service_stage", None)
        result = super().write(vals) if vals else True
        if "promised_datetime" in vals:
            # sudo: the warning marker is the engine's (engine_owned); a new promise gets its own warning.
            self.sudo().promise_warning_sent = False
        if "service_asset_id" in vals:
            self._fill_checklist()
        if "checkin_odometer" in vals or "service_asset_id" in vals:
            self._record_odometer()
        if target_stage:
            for job in self:
                job._move_to_stage(target_stage)
        return result

    def action_send_estimate(self):
        """Quote the job card's parts and labour and send the customer the link to approve or reject it."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only a job card not yet approved can be sent an estimate."))
        if not self.move_ids and not self.labour_ids:
            raise UserError(self.env._("Add the parts or the labour to quote before sending the estimate."))
        if not self.sale_order_id:
            self._create_sale_order()
            self.labour_ids._sync_sale_order_lines()
        elif self.sale_order_id.state == "cancel":
            self.sale_order_id.action_draft()
        # Approval is the customer's signature; payment comes at delivery.
        self.sale_order_id.write({"require_signature": True, "require_payment": False})
        super().write({"service_stage": "awaiting_approval"})
        action = self.sale_order_id.action_quotation_send()
        # The job card's own estimate email, in the customer's language (Odoo's quotation email has no Hindi).
        action["context"]["default_template_id"] = self.env.ref("crm_suite_service.mail_template_job_estimate").id
        return action

    def action_quality_check(self):
        for job in self:
            job._move_to_stage("quality_check")

    def action_deliver(self):
        """Hand the asset back now: invoice what the customer approved and open the invoice."""
        return self._deliver(fields.Datetime.now())

    def _deliver(self, delivered_at):
        """Invoice what the customer approved, stamp the delivery time and open the invoice."""
        self.check_access("write")
        for job in self:
            if job.state != "done":
                raise UserError(self.env._("%(job)s is not repaired yet.", job=job.name))
            if job.delivered_datetime:
                raise UserError(self.env._("%(job)s has been delivered already.", job=job.name))
        billed = self.filtered(lambda job: not job.free_delivery_reason)
        to_invoice = billed.sale_order_id.filtered(lambda order: order.invoice_status == "to invoice")
        invoices = to_invoice._create_invoices() if to_invoice else self.env["account.move"]
        invoices.action_post()
        for job in billed:
            if not job._posted_invoices():
                raise UserError(
                    self.env._(
                        "%(job)s has no posted invoice. Have the customer approve the estimate, or ask a service"
                        " manager to deliver it without invoice for a reason (warranty, free service).",
                        job=job.name,
                    )
                )
        # sudo: the delivery time is the engine's to write (engine_owned); the checks above ran as the user.
        self.sudo().delivered_datetime = delivered_at
        for job in self.filtered("partner_id"):
            job.partner_id._log_on_timeline(job._delivery_summary())
        if len(invoices) == 1:
            return invoices._get_records_action(name=self.env._("Invoice"))
        return True

    def action_print_gate_pass(self):
        self.ensure_one()
        if not self.delivered_datetime:
            raise UserError(self.env._("A gate pass is printed when the asset is delivered."))
        return self.env.ref("crm_suite_service.action_report_gate_pass").report_action(self)

    def action_new_complaint(self):
        """A complaint about this job card, its customer filled in."""
        self.ensure_one()
        return self.env["crm.suite.complaint"]._new_complaint_action(
            {
                "default_partner_id": self.partner_id.id,
                "default_repair_order_id": self.id,
                "default_sale_order_id": self.sale_order_id.id,
                "default_channel": "walk_in",
            }
        )

    def action_view_comeback_origin(self):
        self.ensure_one()
        return self.comeback_of_id._get_records_action()

    def action_repair_cancel_draft(self):
        result = super().action_repair_cancel_draft()
        # A job card set back to draft waits for a new approval of its next estimate.
        # sudo: approval fields are the engine's to write (engine_owned).
        self.sudo().write(dict.fromkeys(("approval_method", "approval_datetime", "approval_user_id", "approval_note")))
        return result

    def action_repair_done(self):
        result = super().action_repair_done()
        for_each_safely(self, type(self)._notify_ready, "the ready notification")
        return result

    def _move_to_stage(self, stage):
        """A stage chosen on the kanban runs the repair step it stands for."""
        self.ensure_one()
        if stage == self.service_stage:
            return
        if stage == "cancelled":
            self.action_repair_cancel()
        elif stage == "delivered":
            self.action_deliver()
        elif stage in STAGES_OF_STATE["draft"]:
            if self.state != "draft":
                raise UserError(self.env._("%(job)s is past approval: set it back to draft first.", job=self.name))
        elif self.state in ("done", "cancel"):
            raise UserError(self.env._("%(job)s is closed: it cannot go back to work.", job=self.name))
        else:
            if self.state == "draft":
                self._action_repair_confirm()
            if stage in ("in_progress", "quality_check", "ready") and self.state == "confirmed":
                self.action_repair_start()
            if stage == "ready":
                self.action_repair_end()
        if stage in STAGES_OF_STATE[self.state]:
            super().write({"service_stage": stage})

    def _record_approval(self, method, note=False):
        """Stamp how and when the customer approved, then release the job card to the workshop.

        The estimate, when there is one, is confirmed on the customer's behalf: the sale order's
        confirmation releases the job card (see sale.order._action_confirm).
        """
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%(job)s is approved already.", job=self.name))
        self._stamp_approval(method, note)
        if self.sale_order_id.state in ("draft", "sent"):
            self.sale_order_id.action_confirm()
        else:
            self._action_repair_confirm()

    def _stamp_approval(self, method, note=False):
        # sudo: approval fields are the engine's to write (engine_owned); callers checked the step.
        self.sudo().write(
            {
                "approval_method": method,
                "approval_datetime": fields.Datetime.now(),
                "approval_user_id": self.env.user.id,
                "approval_note": note,
            }
        )
        how = dict(self._fields["approval_method"]._description_selection(self.env))[method]
        body = self.env._("Estimate approved by the customer: %(how)s. %(note)s", how=how, note=note or "")
        self.message_post(body=body)

    def _deliver_free_of_charge(self, reason, note):
        """Deliver without a posted invoice; only a service manager may, and the reason is kept."""
        self.ensure_one()
        if not self.env.user.has_group("crm_suite.group_crm_suite_manager"):
            raise AccessError(self.env._("Only a service manager can deliver a job card without an invoice."))
        if self._posted_invoices():
            raise UserError(self.env._("%(job)s is invoiced: deliver it with Deliver.", job=self.name))
        # sudo: the reason and its approver are the engine's to write (engine_owned); checked above.
        self.sudo().write(
            {"free_delivery_reason": reason, "free_delivery_note": note, "free_delivery_user_id": self.env.user.id}
        )
        return self.action_deliver()

    def _posted_invoices(self):
        """The invoices that bill the customer: posted, for an amount (a zero warranty bill is no bill)."""
        self.ensure_one()
        return self.invoice_ids.filtered(lambda move: move.state == "posted" and move.amount_total > 0)

    def _check_writable(self, vals):
        """What a user may not write: the engine's records, the quote once set, the times once delivered."""
        for field in ("sale_order_id", "sale_order_line_id"):
            if field in vals and any(job[field] and job[field].id != vals[field] for job in self):
                raise AccessError(self.env._("A job card's estimate is not replaced by hand."))
        if DELIVERY_TIMES.intersection(vals) and any(self.mapped("delivered_datetime")):
            raise UserError(self.env._("A delivered job card's check-in and promised times are final."))

    def _delivery_summary(self):
        """The timeline line of a delivery: on time or late only when a time was promised."""
        self.ensure_one()
        if not self.promised_datetime:
            return self.env._("Job card %(job)s delivered", job=self.name)
        if self.is_on_time:
            return self.env._("Job card %(job)s delivered on time", job=self.name)
        return self.env._("Job card %(job)s delivered late", job=self.name)

    def _fill_checklist(self):
        """The inspection checklist of the asset's type, until the inspection has begun."""
        templates = self.env["crm.suite.service.checklist.template"].search(
            [("asset_type", "in", self.mapped("service_asset_id.asset_type"))]
        )
        for job in self.filtered(lambda job: job.state == "draft"):
            if any(job.checklist_line_ids.mapped("result")):
                continue
            of_type = templates.filtered(
                lambda template, job=job: template.asset_type == job.service_asset_id.asset_type
            )
            # A company's own checklist for the type replaces the shared one.
            items = (
                of_type.filtered(lambda template, job=job: template.company_id == job.company_id)
                or of_type.filtered(lambda template: not template.company_id)
            ).item_ids
            job.checklist_line_ids = [Command.clear()] + [
                Command.create({"name": item.name, "sequence": item.sequence}) for item in items
            ]

    def _record_odometer(self):
        Reading = self.env["crm.suite.service.odometer.reading"]
        jobs = self.filtered(lambda job: job.service_asset_id and job.checkin_odometer)
        reading_of = {reading.repair_id: reading for reading in Reading.search([("repair_id", "in", jobs.ids)])}
        for job in jobs:
            reading = reading_of.get(job)
            values = {
                "asset_id": job.service_asset_id.id,
                "value": job.checkin_odometer,
                "date": job.checkin_date or fields.Date.context_today(job),
                "repair_id": job.id,
            }
            if reading:
                reading.write(values)
            else:
                Reading.create(values)

    def _find_comeback_origin(self):
        """The last job on the same asset, delivered within the comeback window, for a problem seen again."""
        self.ensure_one()
        problems = self.problem_ids.tag_id | self.tag_ids
        if not (self.service_asset_id and self.checkin_datetime and problems):
            return self.browse()
        window_start = self.checkin_datetime - timedelta(days=self.company_id.crm_suite_comeback_days)
        previous = self.search(
            [
                ("id", "!=", self._origin.id or 0),
                ("service_asset_id", "=", self.service_asset_id.id),
                ("state", "=", "done"),
                ("delivered_datetime", ">=", window_start),
                ("delivered_datetime", "<=", self.checkin_datetime),
            ],
            order="delivered_datetime desc",
        )
        return previous.filtered(lambda job: (job.problem_ids.tag_id | job.tag_ids) & problems)[:1]

    def _notify_ready(self):
        """Tell the customer, by email and SMS in their language, that the asset can be collected."""
        self.ensure_one()
        if not self.partner_id:
            return
        self.message_post_with_source(
            self.env.ref("crm_suite_service.mail_template_job_ready"), subtype_xmlid="mail.mt_comment"
        )
        if self.partner_id.phone:
            self._message_sms_with_template(
                template_xmlid="crm_suite_service.sms_template_job_ready",
                partner_ids=self.partner_id.ids,
                put_in_queue=True,  # sent by Odoo's SMS queue, not inside this transaction
            )

    @api.model
    def _warn_of_promises_at_risk(self, on_batch_done=None):
        """One warning activity per job card whose promised time is near and which is not ready yet."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):
            horizon = now + timedelta(hours=company.crm_suite_promise_warning_hours)
            jobs = self.search(
                [
                    ("company_id", "=", company.id),
                    ("service_stage", "in", OPEN_STAGES),
                    ("promised_datetime", "<=", horizon),
                    ("promise_warning_sent", "=", False),
                ]
            )
            jobs = lock_unclaimed(jobs).filtered(lambda job: not job.promise_warning_sent)
            for_each_safely(jobs, type(self)._warn_of_promise_at_risk, "the promise warning")
            if on_batch_done:
                on_batch_done(len(jobs))

    def _warn_of_promise_at_risk(self):
        self.ensure_one()
        manager = self.company_id.crm_suite_service_manager_id or self.user_id or self.env.user
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            date_deadline=fields.Date.context_today(self, self.promised_datetime),
            summary=self.env._("Promised delivery at risk"),
            note=self.env._(
                "%(job)s was promised for %(when)s and is still %(stage)s.",
                job=self.name,
                when=fields.Datetime.to_string(fields.Datetime.context_timestamp(self, self.promised_datetime))[:16],
                stage=dict(self._fields["service_stage"]._description_selection(self.env))[self.service_stage],
            ),
            user_id=manager.id,
        )
        self.promise_warning_sent = True

    @api.model
    def _cron_warn_of_promises_at_risk(self):
        self._warn_of_promises_at_risk(on_batch_done=self.env["ir.cron"]._commit_progress)
