from odoo import Command, api, fields, models
from odoo.exceptions import UserError

RESOLUTION_TYPES = [
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("explanation", "Explanation"),
    ("compensation", "Compensation"),
]


class CrmSuiteComplaint(models.Model):
    """How a complaint is resolved, with real documents (credit note, replacement order and return,
    job card, coupon), and what resolving it cost."""

    _inherit = "crm.suite.complaint"

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
        coupon = program.sudo()._crm_suite_give_coupon(
            self.commercial_partner_id, description=self.env._("Compensation for %s", self.reference)
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
