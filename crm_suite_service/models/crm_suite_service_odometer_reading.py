from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSuiteServiceOdometerReading(models.Model):
    _name = "crm.suite.service.odometer.reading"
    _description = "Odometer Reading"
    _order = "date desc, value desc"

    asset_id = fields.Many2one("crm.suite.service.asset", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="asset_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    value = fields.Integer(string="Odometer (km)", required=True)
    repair_id = fields.Many2one("repair.order", string="Job Card", index="btree_not_null", ondelete="set null")

    _value_positive = models.Constraint("CHECK(value >= 0)", "An odometer reading cannot be negative.")

    @api.constrains("value", "date", "asset_id")
    def _check_value_increases(self):
        for reading in self:
            others = reading.asset_id.odometer_reading_ids - reading
            earlier_higher = others.filtered(
                lambda other, reading=reading: other.date < reading.date and other.value > reading.value
            )
            later_lower = others.filtered(
                lambda other, reading=reading: other.date > reading.date and other.value < reading.value
            )
            if earlier_higher or later_lower:
                raise ValidationError(
                    self.env._(
                        "The odometer of %(asset)s cannot read %(value)s km on %(date)s: it read %(other)s km "
                        "on %(other_date)s.",
                        asset=reading.asset_id.display_name,
                        value=reading.value,
                        date=reading.date,
                        other=(earlier_higher or later_lower)[0].value,
                        other_date=(earlier_higher or later_lower)[0].date,
                    )
                )
