from datetime import timedelta

from odoo import Command, api, fields, models


class CrmSuiteDemo(models.AbstractModel):
    _inherit = "crm.suite.demo"

    @api.model
    def _set_service_costs(self, costs):
        """What the demo business's job cards, complaints and deliveries cost it (cost to serve)."""
        self._demo_company().write(costs)

    @api.model
    def _setup_complaints(self):
        """The demo company's care team and SLAs, and a complaint in each stage."""
        company = self._demo_company()
        env = self.with_company(company).env
        Complaint = env["crm.suite.complaint"]
        if Complaint.search_count([("company_id", "=", company.id)]):
            return
        ref = self.env.ref
        # Odoo's demo user works the care team's complaints as a service adviser.
        ref("base.user_demo").group_ids = [Command.link(ref("crm_suite_service.group_service_adviser").id)]
        team = env["crm.suite.complaint.team"].create(
            {
                "name": "Sharma Customer Care",
                "company_id": company.id,
                "alias_name": "sharma-care",
                "leader_id": ref("base.user_admin").id,
                "escalation_user_id": ref("base.user_admin").id,
                "member_ids": [Command.link(ref("base.user_demo").id)],
            }
        )
        for policy in ref("crm_suite_service.sla_policy_standard") | ref("crm_suite_service.sla_policy_urgent"):
            policy.copy({"company_id": company.id, "name": policy.name})
        now = fields.Datetime.now()
        stages = [
            ref("crm_suite_service.complaint_stage_new"),
            ref("crm_suite_service.complaint_stage_acknowledged"),
            ref("crm_suite_service.complaint_stage_in_progress"),
            ref("crm_suite_service.complaint_stage_waiting"),
            ref("crm_suite_service.complaint_stage_resolved"),
            ref("crm_suite_service.complaint_stage_closed"),
        ]
        cases = [
            (
                "crm_suite.partner_neha_gupta",
                "Mixer grinder jar leaks",
                "crm_suite.product_mixer_grinder",
                "product_defect",
            ),
            (
                "crm_suite.partner_irfan_shaikh",
                "Air cooler delivered a day late",
                "crm_suite.product_air_cooler",
                "delivery",
            ),
            (
                "crm_suite.partner_kavita_joshi",
                "Water purifier filter smells",
                "crm_suite.product_water_purifier",
                "product_defect",
            ),
            ("crm_suite.partner_arjun_reddy", "Charged twice for the helmet", "crm_suite.product_helmet", "billing"),
            ("crm_suite.partner_priya_nair", "AC still weak after the service", False, "service"),
            (
                "crm_suite.partner_rajesh_sharma",
                "Ceiling fan wobbles",
                "crm_suite.product_ceiling_fan",
                "product_defect",
            ),
        ]
        for days_ago, (stage, (partner, subject, product, category)) in zip(
            (0, 1, 2, 4, 6, 9), zip(stages, cases, strict=True), strict=True
        ):
            complaint = Complaint.create(
                {
                    "name": subject,
                    "partner_id": ref(partner).id,
                    "product_id": product and ref(product).id,
                    "category_id": ref(f"crm_suite_service.complaint_category_{category}").id,
                    "team_id": team.id,
                    "user_id": ref("base.user_demo").id,
                    "channel": "phone",
                    "reported_datetime": now - timedelta(days=days_ago),
                    "company_id": company.id,
                }
            )
            if stage != stages[0]:
                complaint.stage_id = stage
            if stage.is_resolved or stage.is_closed:
                complaint.write({"resolution_type": "explanation", "root_cause": "Installation"})
        closed = Complaint.search([("company_id", "=", company.id), ("stage_id.is_closed", "=", True)], limit=1)
        closed.rating_apply(5, token=closed._rating_get_access_token(), feedback="Fixed the same day, thank you")

    @api.model
    def _setup_service_centre(self):
        company = self._demo_company()
        env = self.with_company(company).env
        Asset = env["crm.suite.service.asset"]
        if Asset.search_count([("company_id", "=", company.id)]):
            return
        ref = self.env.ref
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        env["stock.quant"]._update_available_quantity(
            ref("crm_suite_service.product_brake_pads"), warehouse.lot_stock_id, 50
        )
        bike, car, scooter, truck = Asset.create(
            [
                {
                    "partner_id": ref("crm_suite.partner_rajesh_sharma").id,
                    "asset_type": "motorbike",
                    "make": "Hero",
                    "model": "Splendor+",
                    "year": "2021",
                    "registration_number": "MH12AB1234",
                    "vin": "MBLHA10AMDHB12345",
                    "service_interval_days": 90,
                    "service_interval_km": 3000,
                },
                {
                    "partner_id": ref("crm_suite.partner_priya_nair").id,
                    "asset_type": "car",
                    "make": "Maruti Suzuki",
                    "model": "Swift",
                    "year": "2022",
                    "registration_number": "MH14CD5678",
                    "vin": "MA3FJEB1S00123456",
                    "warranty_end_date": fields.Date.today() + timedelta(days=200),
                    "service_interval_days": 180,
                    "service_interval_km": 10000,
                },
                {
                    "partner_id": ref("crm_suite.partner_amit_verma").id,
                    "asset_type": "motorbike",
                    "make": "Honda",
                    "model": "Activa 6G",
                    "year": "2023",
                    "registration_number": "MH12EF9012",
                    "service_interval_days": 120,
                    "service_interval_km": 4000,
                },
                {
                    "partner_id": ref("crm_suite.partner_patil_motors").id,
                    "asset_type": "commercial",
                    "make": "Tata",
                    "model": "Ace Gold",
                    "year": "2020",
                    "registration_number": "MH12GH3456",
                    "service_interval_days": 60,
                    "service_interval_km": 5000,
                },
            ]
        )
        now = fields.Datetime.now()
        service = ref("crm_suite_service.product_labour_general_service")
        brakes = ref("crm_suite_service.product_labour_brake_overhaul")
        pads = ref("crm_suite_service.product_brake_pads")
        oil = ref("crm_suite.product_engine_oil")
        tag_brakes = ref("crm_suite_service.repair_tag_brakes")
        tag_service = ref("crm_suite_service.repair_tag_periodic_service")

        adviser = ref("base.user_admin")
        technician = ref("base.user_demo")

        def job(asset, days_ago, odometer, problems, parts, labour, promised_hours=8):
            checkin = now - timedelta(days=days_ago)
            return env["repair.order"].create(
                {
                    "user_id": adviser.id,
                    "service_asset_id": asset.id,
                    "checkin_datetime": checkin,
                    "promised_datetime": checkin + timedelta(hours=promised_hours),
                    "checkin_odometer": odometer,
                    "fuel_level": "half",
                    "problem_ids": [Command.create({"name": text, "tag_id": tag.id}) for text, tag in problems],
                    "move_ids": [
                        Command.create({"product_id": part.id, "product_uom_qty": qty, "repair_line_type": "add"})
                        for part, qty in parts
                    ],
                    "labour_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "estimated_hours": hours,
                                "actual_hours": hours,
                                "technician_id": technician.id,
                            }
                        )
                        for product, hours in labour
                    ],
                }
            )

        def deliver(order, late_hours=0):
            order.action_send_estimate()
            order.sale_order_id.action_confirm()
            order.action_repair_start()
            order.action_repair_end()
            order._deliver(order.promised_datetime + timedelta(hours=late_hours or -1))

        deliver(job(bike, 200, 9800, [("Periodic service", tag_service)], [(oil, 1)], [(service, 1.5)]))
        deliver(job(bike, 45, 12600, [("Brakes squeal", tag_brakes)], [(pads, 1)], [(brakes, 1)]))
        # Back three weeks later for the same brakes: a comeback.
        deliver(job(bike, 24, 12900, [("Brakes squeal again", tag_brakes)], [], [(brakes, 0.5)]), late_hours=3)
        deliver(job(car, 150, 31000, [("Periodic service", tag_service)], [(oil, 4)], [(service, 3)]), late_hours=5)

        received = job(truck, 0, 88000, [("Clutch slipping", tag_service)], [], [], promised_hours=30)
        received.write({"service_stage": "received"})
        job(car, 0, 36500, [("AC not cooling", tag_service)], [], [(service, 2)], promised_hours=26).write(
            {"service_stage": "diagnosing"}
        )
        job(scooter, 1, 4100, [("First service", tag_service)], [(oil, 1)], [(service, 1)]).action_send_estimate()
        in_progress = job(bike, 0, 13400, [("Chain noise", tag_service)], [(oil, 1)], [(service, 1)], promised_hours=2)
        in_progress.action_send_estimate()
        in_progress._record_approval("phone", "Called the owner at 10:30")
        in_progress.action_repair_start()
        approved = job(car, 0, 36510, [("Wipers streak", tag_service)], [], [(service, 0.5)], promised_hours=6)
        approved.action_send_estimate()
        approved.sale_order_id.action_confirm()
        quality = job(scooter, 0, 4150, [("Brakes weak", tag_brakes)], [(pads, 1)], [(brakes, 1)])
        quality.action_send_estimate()
        quality.sale_order_id.action_confirm()
        quality.action_quality_check()
        ready = job(truck, 0, 88020, [("Periodic service", tag_service)], [(oil, 5)], [(service, 2)])
        ready.action_send_estimate()
        ready.sale_order_id.action_confirm()
        ready.write({"service_stage": "ready"})

    @api.model
    def _setup_feedback(self):
        """The demo workshop's delivered job cards asked for feedback: a happy customer asked for a
        review, an unhappy comeback that opened a complaint, and one who has not answered."""
        company = self._demo_company()
        env = self.with_company(company).env
        jobs = env["repair.order"].search(
            [("company_id", "=", company.id), ("delivered_datetime", "!=", False)], order="delivered_datetime desc"
        )
        if not jobs or jobs.filtered("crm_suite_feedback_requested_datetime"):
            return
        company.crm_suite_review_url = "https://g.page/r/sharma-auto/review"
        comeback, happy, silent = jobs[:3]
        for job in comeback | happy | silent:
            job._crm_suite_request_feedback()
        for job, value, feedback in ((comeback, 1, "The brakes squeal again after the last service."), (happy, 5, "")):
            token = job._rating_get_access_token()
            job.sudo().rating_apply(value, token=token, feedback=feedback)
