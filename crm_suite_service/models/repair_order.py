from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.crm_suite.batch import for_each_safely
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
    """Odoo's repair order as a service centre's job card: the asset, intake (odometer, fuel,
    checklist, photos), the workshop's stages, technicians and hours, and the customer's priority.

    Its other parts extend it: the estimate's approval (``repair_order_approval``) and the
    delivery, promises at risk and comebacks (``repair_order_delivery``).
    """

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
    estimate_state = fields.Selection(related="sale_order_id.state", string="Estimate Status")
    invoice_ids = fields.Many2many(related="sale_order_id.invoice_ids")
    amount_untaxed = fields.Monetary(related="sale_order_id.amount_untaxed", string="Untaxed Amount")
    amount_total = fields.Monetary(related="sale_order_id.amount_total", string="Total")
    currency_id = fields.Many2one(related="company_id.currency_id")

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

    @api.depends("labour_ids.technician_id")
    def _compute_technician_ids(self):
        for job in self:
            job.technician_ids |= job.labour_ids.technician_id

    @api.depends("labour_ids.estimated_hours", "labour_ids.actual_hours")
    def _compute_hours(self):
        for job in self:
            job.estimated_hours = sum(job.labour_ids.mapped("estimated_hours"))
            job.actual_hours = sum(job.labour_ids.mapped("actual_hours"))

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

    def action_quality_check(self):
        for job in self:
            job._move_to_stage("quality_check")

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

    def action_crm_suite_customer_360(self):
        """Open the Customer 360 page of the job card's customer."""
        self.ensure_one()
        return self.partner_id.action_crm_suite_customer_360()

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

    def _check_writable(self, vals):
        """What a user may not write: the engine's records, the quote once set, the times once delivered."""
        for field in ("sale_order_id", "sale_order_line_id"):
            if field in vals and any(job[field] and job[field].id != vals[field] for job in self):
                raise AccessError(self.env._("A job card's estimate is not replaced by hand."))
        if DELIVERY_TIMES.intersection(vals) and any(self.mapped("delivered_datetime")):
            raise UserError(self.env._("A delivered job card's check-in and promised times are final."))

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
