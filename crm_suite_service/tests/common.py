from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.crm_suite.tests.common import new_company_user

CHECKIN = datetime(2026, 11, 23, 9, 0)  # a Monday morning


class JobCardCase(TransactionCase):
    """A service centre of its own with a chart of accounts, a stocked part, labour and a customer's bike."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Speedy Service Centre", "currency_id": cls.env.ref("base.INR").id}
        )
        cls.env.user.company_ids |= cls.company
        cls.env["account.chart.template"].try_loading("generic_coa", cls.company, install_demo=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.company.crm_suite_comeback_days = 30
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.labour = cls.env["product.product"].create(
            {
                "name": "General service labour",
                "type": "service",
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "list_price": 500,
                "taxes_id": [Command.clear()],
            }
        )
        cls.brake_pads = cls.env["product.product"].create(
            {"name": "Brake pads", "is_storable": True, "list_price": 300, "taxes_id": [Command.clear()]}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.brake_pads, cls.warehouse.lot_stock_id, 10)
        cls.brakes = cls.env["repair.tags"].create({"name": "Test brakes"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rohit Kulkarni", "email": "rohit@example.com", "phone": "+91 98220 12345"}
        )
        cls.bike = cls.env["crm.suite.service.asset"].create(
            {
                "partner_id": cls.customer.id,
                "asset_type": "motorbike",
                "make": "Bajaj",
                "model": "Pulsar 150",
                "registration_number": "mh 12 xy 4321",
                "service_interval_days": 90,
                "service_interval_km": 3000,
            }
        )
        cls.checklist = cls.env["crm.suite.service.checklist.template"].create(
            {
                "name": "Test bike intake",
                "asset_type": "motorbike",
                "company_id": cls.company.id,
                "item_ids": [
                    Command.create({"name": "Test brakes check"}),
                    Command.create({"name": "Test horn check"}),
                ],
            }
        )
        cls.adviser = new_company_user(
            cls.env,
            cls.company,
            "service_adviser",
            "crm_suite_service.group_service_adviser,sales_team.group_sale_salesman_all_leads,account.group_account_invoice",
        )
        cls.technician = new_company_user(
            cls.env,
            cls.company,
            "service_technician",
            "crm_suite_service.group_service_technician",
        )
        cls.manager = new_company_user(
            cls.env,
            cls.company,
            "service_manager",
            "crm_suite_service.group_service_manager,account.group_account_invoice",
        )

    def _job(self, asset=None, checkin=CHECKIN, promised_hours=8, odometer=0, problem_tag=None, **values):
        asset = asset or self.bike
        return self.env["repair.order"].create(
            {
                "service_asset_id": asset.id,
                "checkin_datetime": checkin,
                "promised_datetime": checkin + timedelta(hours=promised_hours),
                "checkin_odometer": odometer,
                "problem_ids": [Command.create({"name": "Brakes squeal", "tag_id": (problem_tag or self.brakes).id})],
                "move_ids": [
                    Command.create({"product_id": self.brake_pads.id, "product_uom_qty": 1, "repair_line_type": "add"})
                ],
                "labour_ids": [
                    Command.create(
                        {"product_id": self.labour.id, "estimated_hours": 2, "technician_id": self.technician.id}
                    )
                ],
                **values,
            }
        )

    def _rate(self, record, value, feedback=False):
        """The customer's rating of ``record``, given as Odoo's rating page does: in sudo, for the
        visitor holding the token."""
        record.sudo().rating_apply(value, token=record._rating_get_access_token(), feedback=feedback)
        return self._ratings(record)

    def _ratings(self, record):
        return self.env["rating.rating"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def _approve(self, job):
        job.action_send_estimate()
        job.sale_order_id.action_confirm()

    def _deliver(self, job, when):
        """Approve, repair and hand back ``job`` at ``when``."""
        self._approve(job)
        job.action_repair_start()
        job.action_repair_end()
        job._deliver(when)
