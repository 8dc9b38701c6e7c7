import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from odoo.addons.crm_suite.batch import for_each_safely, lock_unclaimed

ASSET_TYPES = [
    ("motorbike", "Motorbike / Scooter"),
    ("car", "Car"),
    ("commercial", "Commercial Vehicle"),
    ("appliance", "Appliance"),
    ("other", "Other Equipment"),
]


REGISTRATION_PATTERN = re.compile(r"[A-Z0-9-]{4,20}")
# What typed text is taken for an Indian registration number: MH12AB1234, DL3CAB1234, 22BH1234AA
# (a model name such as RX100 or CB350 is not one).
INDIAN_REGISTRATION = re.compile(r"[A-Z]{2}\d{1,2}[A-Z]{0,3}\d{4}|\d{2}BH\d{4}[A-Z]{1,2}")


def normalise_registration(text):
    """ "ka 01 ab 1234" and "KA01AB1234" are one vehicle: compare and store them alike."""
    return re.sub(r"\s+", "", text).upper()


def looks_like_registration(text):
    """Whether typed text is an Indian number plate (dashes and spaces aside), not a model name."""
    return isinstance(text, str) and bool(INDIAN_REGISTRATION.fullmatch(normalise_registration(text).replace("-", "")))


class CrmSuiteServiceAsset(models.Model):
    _name = "crm.suite.service.asset"
    _description = "Serviced Asset"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.suite.engine.mixin"]
    _order = "next_service_date, id desc"
    _rec_names_search = ["name", "registration_number", "vin"]
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True, required=True, tracking=True
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Owner", required=True, index=True, tracking=True, check_company=True
    )
    asset_type = fields.Selection(ASSET_TYPES, string="Type", required=True, default="motorbike", tracking=True)
    make = fields.Char(tracking=True)
    model = fields.Char(tracking=True)
    year = fields.Char(string="Model Year", size=4)
    registration_number = fields.Char(index="btree_not_null", tracking=True, copy=False)
    vin = fields.Char(string="VIN / Serial", index="btree_not_null", tracking=True, copy=False)
    warranty_end_date = fields.Date(string="Warranty Until", tracking=True)
    is_under_warranty = fields.Boolean(compute="_compute_is_under_warranty")
    service_interval_days = fields.Integer(string="Service Every (days)", help="0: no date-based service.")
    service_interval_km = fields.Integer(string="Service Every (km)", help="0: no distance-based service.")
    odometer_reading_ids = fields.One2many("crm.suite.service.odometer.reading", "asset_id", string="Odometer Readings")
    odometer = fields.Integer(compute="_compute_odometer", store=True, help="The latest odometer reading, in km.")
    repair_ids = fields.One2many("repair.order", "service_asset_id", string="Job Cards")
    repair_count = fields.Integer(compute="_compute_repair_count", string="Service History")
    last_service_date = fields.Date(compute="_compute_last_service", store=True, engine_owned=True)
    last_service_odometer = fields.Integer(compute="_compute_last_service", store=True, engine_owned=True)
    next_service_odometer = fields.Integer(
        compute="_compute_next_service", store=True, string="Next Service at (km)", engine_owned=True
    )
    next_service_date = fields.Date(
        compute="_compute_next_service",
        store=True,
        index=True,
        help="The earlier of the date the service interval ends and the day the odometer, at its "
        "average daily distance so far, reaches the next service distance.",
        engine_owned=True,
    )
    service_reminded_for_date = fields.Date(
        readonly=True, copy=False, engine_owned=True, help="The due date the last service reminder was sent for."
    )

    _registration_number_unique = models.Constraint(
        "UNIQUE(company_id, registration_number)",
        "This registration number is already registered for another asset.",
    )
    _service_interval_positive = models.Constraint(
        "CHECK(service_interval_days >= 0 AND service_interval_km >= 0)",
        "Service intervals cannot be negative.",
    )

    @api.depends("make", "model", "registration_number", "vin")
    def _compute_name(self):
        for asset in self:
            label = " ".join(part for part in (asset.make, asset.model) if part)
            reference = asset.registration_number or asset.vin
            asset.name = f"{label} ({reference})" if label and reference else label or reference or asset.name

    @api.depends("warranty_end_date")
    def _compute_is_under_warranty(self):
        today = fields.Date.context_today(self)
        for asset in self:
            asset.is_under_warranty = bool(asset.warranty_end_date and asset.warranty_end_date >= today)

    @api.depends("odometer_reading_ids.value")
    def _compute_odometer(self):
        for asset in self:
            asset.odometer = max(asset.odometer_reading_ids.mapped("value"), default=0)

    def _compute_repair_count(self):
        counts = dict(
            self.env["repair.order"]._read_group(
                [("service_asset_id", "in", self.ids)], ["service_asset_id"], ["__count"]
            )
        )
        for asset in self:
            asset.repair_count = counts.get(asset, 0)

    @api.depends("repair_ids.delivered_datetime", "repair_ids.checkin_odometer", "repair_ids.state")
    def _compute_last_service(self):
        for asset in self:
            delivered = asset.repair_ids.filtered(lambda job: job.delivered_datetime and job.state == "done")
            last = delivered.sorted("delivered_datetime")[-1:] if delivered else delivered
            asset.last_service_date = last.delivered_datetime.date() if last else False
            asset.last_service_odometer = last.checkin_odometer if last else 0

    @api.depends(
        "last_service_date",
        "last_service_odometer",
        "service_interval_days",
        "service_interval_km",
        "odometer_reading_ids.value",
        "odometer_reading_ids.date",
    )
    def _compute_next_service(self):
        for asset in self:
            due_dates = []
            # Both counts start from the last delivered service: an asset never serviced here has no plan yet.
            asset.next_service_odometer = (
                asset.last_service_odometer + asset.service_interval_km
                if asset.service_interval_km and asset.last_service_date
                else 0
            )
            if asset.service_interval_days and asset.last_service_date:
                due_dates.append(asset.last_service_date + timedelta(days=asset.service_interval_days))
            if asset.next_service_odometer:
                due_dates.append(asset._date_odometer_reaches(asset.next_service_odometer))
            asset.next_service_date = min((day for day in due_dates if day), default=False)

    @api.constrains("registration_number")
    def _check_registration_number(self):
        for asset in self.filtered("registration_number"):
            if not REGISTRATION_PATTERN.fullmatch(asset.registration_number):
                raise ValidationError(
                    self.env._(
                        "The registration number %(number)s may hold only letters, digits and dashes (4 to 20).",
                        number=asset.registration_number,
                    )
                )

    @api.constrains("year")
    def _check_year(self):
        next_year = fields.Date.context_today(self).year + 1
        for asset in self.filtered("year"):
            if not (asset.year.isdigit() and 1900 <= int(asset.year) <= next_year):
                raise ValidationError(self.env._("The model year %(year)s is not a real year.", year=asset.year))

    @api.model
    def default_get(self, fields_list):
        # "Create and edit" from a job card passes what was typed as the name: that is the registration number.
        defaults = super().default_get(fields_list)
        typed = self.env.context.get("default_name")
        if typed and "registration_number" in fields_list and looks_like_registration(typed):
            defaults["registration_number"] = normalise_registration(typed)
            defaults.pop("name", None)
        return defaults

    @api.model
    def _search_display_name(self, operator, value):
        # "mh 12 ab" finds MH12AB9999: compare what was typed as the number is stored.
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "=ilike", "=") and isinstance(value, str) and value.strip():
            domain = Domain.OR([domain, Domain("registration_number", operator, normalise_registration(value))])
        return domain

    @api.model
    def name_create(self, name):
        """A quick-created asset is known by its registration number, never by a lower-case name."""
        if not looks_like_registration(name):
            return super().name_create(name)
        known = self.search([("registration_number", "=", normalise_registration(name))], limit=1)
        asset = known or self.create({"registration_number": name})
        return asset.id, asset.display_name

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalise_registration(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalise_registration(vals))

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_suite_service.action_crm_suite_job_cards")
        action["domain"] = [("service_asset_id", "=", self.id)]
        action["context"] = {
            "default_service_asset_id": self.id,
            "default_partner_id": self.partner_id.id,
            "search_default_group_by_service_stage": False,
        }
        return action

    @api.model
    def _normalise_registration(self, vals):
        if vals.get("registration_number"):
            vals = dict(vals, registration_number=normalise_registration(vals["registration_number"]))
        return vals

    def _date_odometer_reaches(self, distance):
        """The day the odometer reaches ``distance`` at the asset's average daily distance so far."""
        self.ensure_one()
        readings = self.odometer_reading_ids.sorted("date")
        if not readings:
            return False
        latest = readings[-1]
        if latest.value >= distance:
            return latest.date
        first = readings[0]
        days = (latest.date - first.date).days
        if days <= 0 or latest.value <= first.value:
            return False
        km_per_day = (latest.value - first.value) / days
        return latest.date + timedelta(days=int((distance - latest.value) / km_per_day))

    @api.model
    def _send_due_service_reminders(self, batch_size=200, on_batch_done=None):
        """Remind owners whose next service falls due within the company's notice, once per due date."""
        for company in self.env["res.company"].search([]):
            horizon = fields.Date.context_today(self) + timedelta(days=company.crm_suite_service_reminder_days)
            assets = (
                self.with_company(company)
                .search([("company_id", "=", company.id), ("next_service_date", "<=", horizon)])
                .filtered(lambda asset: asset.service_reminded_for_date != asset.next_service_date)
            )
            for start in range(0, len(assets), batch_size):
                batch = lock_unclaimed(assets[start : start + batch_size]).filtered(
                    lambda asset: asset.service_reminded_for_date != asset.next_service_date
                )
                for_each_safely(batch, type(self)._send_service_reminder, "the service reminder")
                if on_batch_done:
                    on_batch_done(len(batch))

    def _send_service_reminder(self):
        self.ensure_one()
        template = self.env.ref("crm_suite_service.mail_template_service_due")
        self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        if self.partner_id.phone:
            self._message_sms_with_template(
                template_xmlid="crm_suite_service.sms_template_service_due",
                partner_ids=self.partner_id.ids,
                put_in_queue=True,  # sent by Odoo's SMS queue, not inside this transaction
            )
        adviser = self.repair_ids.sorted("create_date")[-1:].user_id or self.env.user
        self.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=self.next_service_date,
            summary=self.env._("Book the next service"),
            user_id=adviser.id,
        )
        self.service_reminded_for_date = self.next_service_date

    @api.model
    def _cron_send_service_reminders(self):
        self._send_due_service_reminders(on_batch_done=self.env["ir.cron"]._commit_progress)
