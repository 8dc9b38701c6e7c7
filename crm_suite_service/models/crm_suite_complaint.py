from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize
from odoo.tools.mail import parse_contact_from_email

from odoo.addons.crm_suite.batch import for_each_safely, lock_unclaimed
from odoo.addons.crm_suite.models.res_partner import SERVICE_PRIORITIES

CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("website", "Website"),
    ("walk_in", "Walk-in"),
    ("social", "Social Media"),
]
RESOLUTION_TYPES = [
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("explanation", "Explanation"),
    ("compensation", "Compensation"),
]
WARNING_SHARE = 0.75  # of a target, when the assignee is warned
# Confirmation links the mail alias sends per company and hour, whatever the sender: forged senders
# in rotation get no more than this from our domain (Odoo's gateway caps each sender by itself).
ALIAS_CONFIRMATIONS_PER_HOUR = 30


class CrmSuiteComplaint(models.Model):
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
        groups="crm_suite.group_crm_suite_manager",
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
    resolved_datetime = fields.Datetime(string="Resolved On", readonly=True, copy=False, engine_owned=True)
    closed_datetime = fields.Datetime(string="Closed On", readonly=True, copy=False, engine_owned=True)
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
    resolution_type = fields.Selection(RESOLUTION_TYPES, tracking=True)
    root_cause = fields.Char()
    resolution_note = fields.Html(string="Resolution")
    credit_note_id = fields.Many2one("account.move", readonly=True, copy=False, engine_owned=True, check_company=True)
    return_picking_id = fields.Many2one("stock.picking", string="Return", readonly=True, copy=False, engine_owned=True)
    replacement_order_id = fields.Many2one(
        "sale.order", string="Replacement Order", readonly=True, copy=False, engine_owned=True
    )
    resolution_repair_id = fields.Many2one(
        "repair.order", string="Repair Job Card", readonly=True, copy=False, engine_owned=True
    )
    coupon_id = fields.Many2one(
        "loyalty.card", string="Compensation Coupon", readonly=True, copy=False, engine_owned=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    resolution_cost = fields.Monetary(
        compute="_compute_resolution_cost",
        store=True,
        help="What resolving it cost: the refund (posted credit note), the replaced goods at their cost and"
        " the discount the compensation coupon gave on confirmed orders. It counts in the customer's cost to serve.",
        engine_owned=True,
    )
    # Its parts, which the analytics need apart: each is on the margin, or not, by the company's source.
    resolution_refund = fields.Monetary(compute="_compute_resolution_cost", store=True, engine_owned=True)
    resolution_goods_cost = fields.Monetary(compute="_compute_resolution_cost", store=True, engine_owned=True)
    resolution_coupon_discount = fields.Monetary(compute="_compute_resolution_cost", store=True, engine_owned=True)
    rating_value = fields.Float(related="rating_last_value", store=True, string="Rating")
    is_repeat_product = fields.Boolean(
        compute="_compute_repeat_flags",
        store=True,
        string="Repeat Product",
        help="The product had the company's threshold of complaints or returns within its period.",
        engine_owned=True,
    )
    is_repeat_customer = fields.Boolean(
        compute="_compute_repeat_flags",
        store=True,
        string="Repeat Customer",
        help="The customer complained more than once within the period.",
        engine_owned=True,
    )
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

    @api.depends(
        "credit_note_id.state",
        "credit_note_id.amount_untaxed_signed",
        "replacement_order_id.state",
        "coupon_id.points",  # the orders using it recompute it too (sale.order), once confirmed or cancelled
    )
    def _compute_resolution_cost(self):
        used_lines = self.env["sale.order.line"].search(
            [("coupon_id", "in", self.coupon_id.ids), ("order_id.state", "=", "sale")]
        )
        for complaint in self:
            refund = complaint.credit_note_id
            replacement = complaint.replacement_order_id.with_company(complaint.company_id)
            coupon = complaint.coupon_id
            complaint.resolution_refund = -refund.amount_untaxed_signed if refund.state == "posted" else 0.0
            complaint.resolution_goods_cost = (
                sum(line.product_id.standard_price * line.product_uom_qty for line in replacement.order_line)
                if replacement.state == "sale"
                else 0.0
            )
            # Reward lines are negative; converted at each order's rate, as the margin counts them.
            complaint.resolution_coupon_discount = -sum(
                line.price_subtotal / (line.order_id.currency_rate or 1.0)
                for line in used_lines
                if coupon and line.coupon_id == coupon
            )
            complaint.resolution_cost = (
                complaint.resolution_refund + complaint.resolution_goods_cost + complaint.resolution_coupon_discount
            )

    @api.depends("product_id", "commercial_partner_id", "reported_datetime", "company_id")
    def _compute_repeat_flags(self):
        for complaint in self:
            company = complaint.company_id
            if not complaint.reported_datetime:
                complaint.is_repeat_product = complaint.is_repeat_customer = False
                continue
            since = complaint.reported_datetime - timedelta(days=company.crm_suite_repeat_complaint_days)
            window = [
                ("company_id", "=", company.id),
                ("reported_datetime", ">=", since),
                ("reported_datetime", "<=", complaint.reported_datetime),
                ("id", "!=", complaint._origin.id or 0),
            ]
            product_complaints = returns = 0
            if complaint.product_id:
                product_complaints = self.search_count([*window, ("product_id", "=", complaint.product_id.id)]) + 1
                returns = self.env["stock.move"].search_count(
                    [
                        ("product_id", "=", complaint.product_id.id),
                        ("company_id", "=", company.id),
                        ("origin_returned_move_id", "!=", False),
                        ("picking_code", "=", "incoming"),
                        ("state", "=", "done"),
                        ("date", ">=", since),
                    ]
                )
            complaint.is_repeat_product = (
                bool(complaint.product_id) and product_complaints + returns >= company.crm_suite_repeat_complaint_count
            )
            complaint.is_repeat_customer = bool(complaint.commercial_partner_id) and bool(
                self.search_count([*window, ("commercial_partner_id", "=", complaint.commercial_partner_id.id)])
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

    def _check_policy_chosen_by_manager(self, vals_list):
        # The policy sets the deadlines: agents get the one that matches, managers may choose another.
        chosen = any("sla_policy_id" in vals for vals in vals_list)
        if chosen and not (self.env.su or self.env.user.has_group("crm_suite.group_crm_suite_manager")):
            raise AccessError(self.env._("Only CRM Suite managers choose a complaint's SLA policy by hand."))

    def _welcome_customer(self, send_stage_email):
        """A complaint bound to its customer (a confirmed email, or staff's match): follow it and hear of it."""
        for complaint in self:
            complaint.message_subscribe(complaint.partner_id.ids)
            complaint.partner_id._log_on_timeline(
                self.env._(
                    "Complaint %(reference)s: %(subject)s", reference=complaint.reference, subject=complaint.name
                )
            )
        send_stage_email._send_stage_email()

    def _request_email_confirmation(self):
        """Ask the address a complaint came from to confirm it: until then it binds to no customer.

        The email carries nothing the sender wrote, so that a forged sender cannot use it to
        send their text from our domain.
        """
        template = self.env.ref("crm_suite_service.mail_template_complaint_confirm")
        for complaint in self.filtered(lambda complaint: not complaint.partner_id and complaint.email_from):
            complaint._portal_ensure_token()
            template.send_mail(complaint.id, force_send=False)

    def _bind_confirmed_email(self):
        """The sender proved the address: the company's contact with it, or a new one, is the customer."""
        self.ensure_one()
        address = email_normalize(self.email_from)
        if self.partner_id or not address:
            return
        Partner = self.env["res.partner"]
        same_address = Partner.search(
            [
                ("email_normalized", "=", address),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            order="id",
        )
        # A customer's contact before an employee's own, who may also have written as a customer.
        partner = (
            same_address.filtered(lambda partner: all(user.share for user in partner.user_ids))[:1] or same_address[:1]
        )
        partner = partner or Partner.create(
            {
                "name": self.contact_name or self.email_from,
                "email": address,
                "phone": self.contact_phone,
                "company_id": False,
                # The times we promise them are in the business's time zone until they say otherwise.
                "tz": self.company_id.partner_id.tz,
                "lang": self.env.lang,
            }
        )
        self.partner_id = partner

    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = " ".join(part for part in (complaint.reference, complaint.name) if part)

    def action_escalate(self):
        """Call the next escalation level now."""
        for complaint in self:
            complaint._escalate(manual=True)

    def action_refund(self):
        """Open a draft credit note for the complained-of product; posting it is the refund.

        Odoo's reversal makes the credit note; it keeps one unit of the complaint's product (every
        line when the complaint names none), and stays a draft so the amount can be adjusted.
        """
        self.ensure_one()
        invoice = self.invoice_id
        if not invoice:
            raise UserError(self.env._("Set the invoice to refund on the complaint first."))
        if self.credit_note_id:
            raise UserError(
                self.env._("This complaint has credit note %(name)s already.", name=self.credit_note_id.name)
            )
        if (
            invoice.move_type != "out_invoice"
            or invoice.state != "posted"
            or invoice.commercial_partner_id != self.commercial_partner_id
        ):
            raise UserError(
                self.env._("Refund a posted invoice of %(customer)s.", customer=self.commercial_partner_id.name)
            )
        if self.product_id and self.product_id not in invoice.invoice_line_ids.product_id:
            raise UserError(
                self.env._(
                    "%(invoice)s does not hold %(product)s: choose the invoice that does.",
                    invoice=invoice.name,
                    product=self.product_id.display_name,
                )
            )
        # The credit note is the customer's document: Odoo writes its reference in their language.
        customer_lang = self.with_context(lang=invoice.partner_id.lang or self.env.lang)
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "reason": customer_lang.env._("Complaint %(reference)s", reference=self.reference),
                    "journal_id": invoice.journal_id.id,
                }
            )
        )
        wizard.refund_moves()
        credit_note = wizard.new_move_ids[:1]
        if self.product_id:
            lines = credit_note.invoice_line_ids
            kept = lines.filtered(lambda line: line.product_id == self.product_id)[:1]
            credit_note.write(
                {
                    "invoice_line_ids": [Command.unlink(line.id) for line in lines - kept]
                    + [Command.update(kept.id, {"quantity": min(kept.quantity, 1)})]
                }
            )
        # sudo: the credit note link is the engine's record (engine_owned); the user made the note above.
        self.sudo().write({"credit_note_id": credit_note.id, "resolution_type": "refund"})
        return credit_note._get_records_action(name=self.env._("Credit Note"))

    def action_replace(self):
        """The faulty item back through a return of its delivery, and a free replacement order delivered."""
        self.ensure_one()
        if not self.product_id:
            raise UserError(self.env._("Set the product to replace on the complaint first."))
        if self.replacement_order_id:
            raise UserError(self.env._("This complaint has a replacement order already."))
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "origin": self.reference,
                "order_line": [
                    Command.create({"product_id": self.product_id.id, "product_uom_qty": 1, "price_unit": 0})
                ],
            }
        )
        values = {"replacement_order_id": order.id, "resolution_type": "replacement"}
        delivery = self.sale_order_id.picking_ids.filtered(
            lambda picking: (
                picking.picking_type_code == "outgoing"
                and picking.state == "done"
                and self.product_id in picking.move_ids.product_id
            )
        )[:1]
        if delivery and not self.return_picking_id:
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=delivery.id, active_model="stock.picking")
                .create({})
            )
            wizard.product_return_moves.filtered(lambda line: line.product_id == self.product_id)[:1].quantity = 1
            values["return_picking_id"] = wizard._create_return().id
        # sudo: the order and return links are the engine's record (engine_owned); the user made both above.
        self.sudo().write(values)
        # sudo: a free replacement is the complaint's resolution, not a salesperson's discount: its
        # approval is the engine's record (engine_owned), for this order only.
        order.sudo().crm_suite_approved_discount = 100.0
        order.message_post(
            body=self.env._("Free replacement for complaint %(complaint)s.", complaint=self.reference),
            subtype_xmlid="mail.mt_note",
        )
        return order._get_records_action(name=self.env._("Replacement Order"))

    def action_repair(self):
        """A job card for the concerned product or asset, linked to the complaint."""
        self.ensure_one()
        if self.resolution_repair_id:
            raise UserError(self.env._("This complaint has a repair job card already."))
        job = self.env["repair.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "service_asset_id": self.repair_order_id.service_asset_id.id,
                "problem_ids": [Command.create({"name": self.name})],
                "internal_notes": self.description,
            }
        )
        # sudo: the job card link is the engine's record (engine_owned); the user made the job card above.
        self.sudo().write({"resolution_repair_id": job.id, "resolution_type": "repair"})
        return job._get_records_action(name=self.env._("Job Card"))

    def action_compensate(self):
        """A coupon of the company's compensation program for the customer."""
        self.ensure_one()
        program = self.company_id.crm_suite_complaint_coupon_program_id
        if not program:
            raise UserError(self.env._("Choose the compensation program in the settings first."))
        if self.coupon_id:
            raise UserError(self.env._("This complaint has a compensation coupon already."))
        customer = self.commercial_partner_id.with_company(self.company_id)
        limit = customer._crm_suite_discount_limit()
        # A salesperson compensates within a limit set for the customer's class, in percentages only.
        within_limit = (
            limit is not None
            and program._crm_suite_percent_rewards_only()
            and program._crm_suite_percent_off() <= limit
        )
        if not within_limit and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(
                self.env._(
                    "%(program)s gives more than %(customer)s's class lets a salesperson give (%(limit)s):"
                    " a sales manager compensates them.",
                    program=program.name,
                    customer=customer.name,
                    limit=f"{round(limit, 2)}%" if limit is not None else self.env._("no limit set"),
                )
            )
        # sudo: Odoo lets only sales managers create coupons; a salesperson gets one of the company's own
        # compensation program, one per complaint, within the limit set for the customer's class (checked above).
        coupon = (
            self.env["loyalty.card"]
            .sudo()
            .create({"program_id": program.id, "partner_id": self.commercial_partner_id.id, "points": 1})
        )
        # sudo: the coupon link is the engine's record (engine_owned); the user issued the coupon above.
        self.sudo().write({"coupon_id": coupon.id, "resolution_type": "compensation"})
        if not within_limit:
            # The complaint is the manager's reason; the chatter keeps who gave more than a salesperson may.
            self.message_post(
                body=self.env._(
                    "Compensation above what a salesperson may give, by %(manager)s.", manager=self.env.user.name
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _new_complaint_action(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Complaint"),
            "res_model": "crm.suite.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": context,
        }

    def _calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _working_hours(self, start, end):
        return self._calendar().get_work_hours_count(start, end, compute_leaves=True) if end > start else 0.0

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

    def _reopen_stage(self):
        """The last working stage before resolution (In Progress by default)."""
        working = self.env["crm.suite.complaint.stage"].search(
            [("is_resolved", "=", False), ("is_closed", "=", False), ("is_waiting", "=", False)]
        )
        return working[-1:]

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to a team's alias opens a complaint from its sender."""
        values = dict(custom_values or {})
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        email = email_normalize(email)
        values.setdefault("name", msg_dict.get("subject") or self.env._("No subject"))
        values.setdefault("channel", "email")
        values.setdefault("contact_name", name)
        # Anyone can write any From: the sender is bound to no customer and made no contact
        # until they confirm through the link sent to that address (the bare address: the
        # display name is the sender's text, not to be repeated from our domain).
        complaint = super().message_new(dict(msg_dict, email_from=email), custom_values=values)
        since = fields.Datetime.now() - timedelta(hours=1)
        recent = self.search_count(
            [("channel", "=", "email"), ("company_id", "=", complaint.company_id.id), ("create_date", ">=", since)]
        )
        if recent <= ALIAS_CONFIRMATIONS_PER_HOUR:
            complaint._request_email_confirmation()
        return complaint

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
