from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from odoo.addons.crm_suite.batch import for_each_safely, lock_unclaimed

from .repair_order import FREE_DELIVERY_REASONS, OPEN_STAGES


class RepairOrder(models.Model):
    """The job card's end: delivery to the customer (on time or late, free of charge with a reason),
    the gate pass, the ready message, the promises at risk and the comebacks."""

    _inherit = "repair.order"

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

    is_comeback = fields.Boolean(compute="_compute_comeback", store=True, string="Comeback", engine_owned=True)

    comeback_of_id = fields.Many2one(
        "repair.order",
        compute="_compute_comeback",
        store=True,
        string="Comeback Of",
        index="btree_not_null",
        engine_owned=True,
    )

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

    def action_view_comeback_origin(self):
        self.ensure_one()
        return self.comeback_of_id._get_records_action()

    def _deliver_free_of_charge(self, reason, note):
        """Deliver without a posted invoice; only a service manager may, and the reason is kept."""
        self.ensure_one()
        if not self.env.user.has_group("crm_suite_service.group_service_manager"):
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

    def _delivery_summary(self):
        """The timeline line of a delivery: on time or late only when a time was promised."""
        self.ensure_one()
        if not self.promised_datetime:
            return self.env._("Job card %(job)s delivered", job=self.name)
        if self.is_on_time:
            return self.env._("Job card %(job)s delivered on time", job=self.name)
        return self.env._("Job card %(job)s delivered late", job=self.name)

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
        customer = self.partner_id
        if customer.filtered_domain(customer._crm_suite_marketing_channel_domain("whatsapp")):
            # On WhatsApp, as they prefer: the adviser's one click sends the ready message.
            template = self.env.ref("crm_suite_service.sms_template_job_ready")
            message = self.env["crm.suite.whatsapp.message"]._prepare(
                customer,
                template._render_field("body", self.ids, compute_lang=True)[self.id],
                record=self,
                company=self.company_id,
            )
            # The job's responsible adviser sends it, else the customer's salesperson (a technician who
            # finishes the work has no access to the customers' messages).
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Tell %s on WhatsApp that it is ready") % customer.name,
                note=message.sudo()._activity_note(),
                user_id=(self.user_id or customer.user_id or self.env.user).id,
            )
        elif customer.phone:
            self._message_sms_with_template(
                template_xmlid="crm_suite_service.sms_template_job_ready",
                partner_ids=customer.ids,
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
