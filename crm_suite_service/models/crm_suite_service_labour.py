from odoo import api, fields, models


class CrmSuiteServiceLabour(models.Model):
    """Work on a job card, billed through the job card's quotation like its parts."""

    _name = "crm.suite.service.labour"
    _description = "Job Card Labour"
    _order = "repair_id, sequence, id"
    _check_company_auto = True

    repair_id = fields.Many2one("repair.order", string="Job Card", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="repair_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="repair_id.partner_id", string="Customer")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        required=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        check_company=True,
    )
    name = fields.Char(
        string="Work", compute="_compute_name", store=True, readonly=False, precompute=True, required=True
    )
    technician_id = fields.Many2one(
        "res.users",
        index=True,
        domain="[('share', '=', False)]",
        check_company=True,
        default=lambda self: self.env.user,
    )
    estimated_hours = fields.Float(string="Estimated Hours", default=1.0, help="Quoted and billed.")
    actual_hours = fields.Float(string="Hours Spent", help="Logged by the technician; compared with the estimate.")
    hours_variance = fields.Float(compute="_compute_hours_variance", store=True, aggregator="sum")
    price_unit = fields.Float(
        string="Rate",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        digits="Product Price",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", store=True, string="Amount")
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Quotation Line", readonly=True, copy=False, index="btree_not_null"
    )
    service_date = fields.Date(related="repair_id.checkin_date", store=True, string="Date")

    _hours_positive = models.Constraint(
        "CHECK(estimated_hours >= 0 AND actual_hours >= 0)", "Hours cannot be negative."
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.get_product_multiline_description_sale() or line.name

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.lst_price

    @api.depends("estimated_hours", "actual_hours")
    def _compute_hours_variance(self):
        for line in self:
            line.hours_variance = line.actual_hours - line.estimated_hours

    @api.depends("estimated_hours", "price_unit", "repair_id.under_warranty")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = 0.0 if line.repair_id.under_warranty else line.estimated_hours * line.price_unit

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._sync_sale_order_lines()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if {"product_id", "name", "estimated_hours", "price_unit"} & vals.keys():
            self._sync_sale_order_lines()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_sale_order_lines(self):
        # A quoted line drops to zero on a confirmed order (Odoo refuses deleting it), as parts do.
        self.sale_line_id.filtered(lambda line: line.order_id.state == "sale").product_uom_qty = 0
        self.sale_line_id.filtered(lambda line: line.order_id.state != "sale").unlink()

    def _prepare_sale_line_values(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": self.name,
            "product_uom_qty": self.estimated_hours,
            "price_unit": 0.0 if self.repair_id.under_warranty else self.price_unit,
        }

    def _sync_sale_order_lines(self):
        """Keep the job card's quotation in step with its labour, once the quotation exists."""
        for line in self.filtered(lambda line: line.repair_id.sale_order_id.state in ("draft", "sent", "sale")):
            values = line._prepare_sale_line_values()
            if line.sale_line_id:
                line.sale_line_id.write(values)
            else:
                line.sale_line_id = self.env["sale.order.line"].create(
                    dict(values, order_id=line.repair_id.sale_order_id.id)
                )
