from datetime import timedelta

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.crm_suite.tests.common import new_company_user, web_client_specification

from .common import CHECKIN, JobCardCase

CUSTOMER_360 = "crm_suite.view_partner_form_customer_360"
MONEY_FIELDS = {
    "lifetime_value",
    "predicted_lifetime_value",
    "lifetime_margin",
    "cost_to_serve",
    "crm_suite_open_quotation_ids",
    "crm_suite_unpaid_invoice_ids",
}
SERVICE_FIELDS = {"service_asset_ids", "crm_suite_open_job_card_ids", "job_card_count", "service_asset_count"}
COMPLAINT_FIELDS = {"crm_suite_open_complaint_ids", "complaint_count"}
SATISFACTION_FIELDS = {
    "crm_suite_rating_avg",
    "crm_suite_rating_count",
    "crm_suite_last_feedback",
    "crm_suite_rating_ids",
}


@tagged("post_install", "-at_install")
class TestCustomer360Service(JobCardCase):
    """The Customer 360's service parts, and who sees them: the workshop sees service, not money."""

    def _open_360(self, user, action):
        self.assertEqual(action["views"], [(self.env.ref(CUSTOMER_360).id, "form")])
        customer = self.env["res.partner"].browse(action["res_id"]).with_user(user)
        specification = web_client_specification(customer, CUSTOMER_360)
        [values] = customer.web_read(specification)
        return specification, values

    def _complaint(self, partner=None, **values):
        return self.env["crm.suite.complaint"].create(
            {"name": "The bike pulls to the left", "partner_id": (partner or self.customer).id, **values}
        )

    def test_technician_opens_the_360_from_a_job_card_and_sees_service_not_money(self):
        job = self._job()
        action = job.with_user(self.technician).action_crm_suite_customer_360()
        specification, values = self._open_360(self.technician, action)
        self.assertLessEqual(SERVICE_FIELDS | SATISFACTION_FIELDS, specification.keys())
        self.assertFalse(MONEY_FIELDS & specification.keys())
        self.assertFalse(COMPLAINT_FIELDS & specification.keys())
        self.assertEqual([row["id"] for row in values["crm_suite_open_job_card_ids"]], job.ids)
        self.assertEqual([row["id"] for row in values["service_asset_ids"]], self.bike.ids)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.technician).web_read({"lifetime_value": {}})

    def test_adviser_opens_the_360_from_a_complaint_and_sees_complaints_and_money(self):
        complaint = self._complaint()
        closed = self._complaint(stage_id=self.env.ref("crm_suite_service.complaint_stage_closed").id)
        action = complaint.with_user(self.adviser).action_crm_suite_customer_360()
        specification, values = self._open_360(self.adviser, action)
        self.assertLessEqual(MONEY_FIELDS | COMPLAINT_FIELDS | SERVICE_FIELDS, specification.keys())
        self.assertEqual([row["id"] for row in values["crm_suite_open_complaint_ids"]], complaint.ids)
        self.assertEqual(values["complaint_count"], 2, f"{closed.reference} is closed but counted")

    def test_buttons_open_the_documents_each_role_may_read(self):
        sales = str(self.env.ref("sale.act_res_partner_2_sale_order").id)
        expected = {
            self.manager: {
                sales,
                "action_view_opportunity",
                "action_view_partner_invoices",
                "action_view_service_assets",
                "action_view_job_cards",
                "action_view_complaints",
            },
            self.technician: {"action_view_service_assets", "action_view_job_cards"},
        }
        view = self.env.ref(CUSTOMER_360)
        for user, buttons in expected.items():
            views = self.customer.with_user(user).get_views([(view.id, "form")])
            arch = etree.fromstring(views["views"]["form"]["arch"])
            with self.subTest(user=user.login):
                self.assertEqual(
                    {button.get("name") for button in arch.xpath("//div[@name='button_box']/button")}, buttons
                )

    def test_delivered_job_cards_are_no_longer_open(self):
        delivered, waiting = self._job(), self._job(checkin=CHECKIN + timedelta(days=1))
        self._deliver(delivered, CHECKIN + timedelta(hours=6))
        _specification, values = self._open_360(self.technician, self.customer.action_crm_suite_customer_360())
        self.assertEqual([row["id"] for row in values["crm_suite_open_job_card_ids"]], waiting.ids)

    def _rate_job(self, rate):
        # Any rated document feeds it: a rating of a job card, as another add-on may ask for.
        self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("repair.order"),
                "res_id": self._job().id,
                "partner_id": self.customer.id,
                "rating": rate,
                "consumed": True,
            }
        )

    def test_satisfaction_averages_every_rating_the_customer_gave(self):
        self._rate(self._complaint(), 5)
        self._rate(self._complaint(), 1, feedback="Nobody called me back")
        self._rate_job(3)
        self._complaint()._rating_get_access_token()  # asked, not answered
        _specification, values = self._open_360(self.adviser, self.customer.action_crm_suite_customer_360())
        self.assertEqual((values["crm_suite_rating_count"], values["crm_suite_rating_avg"]), (3, 3.0))
        self.assertEqual(values["crm_suite_last_feedback"], "Nobody called me back")
        self.assertEqual(len(values["crm_suite_rating_ids"]), 3)

    def test_satisfaction_counts_the_ratings_of_documents_the_viewer_may_read(self):
        self._rate(self._complaint(), 1, feedback="Nobody called me back")
        self._rate_job(5)
        # A technician may not read complaints: their ratings and feedback are not theirs to read either.
        _specification, values = self._open_360(self.technician, self.customer.action_crm_suite_customer_360())
        self.assertEqual((values["crm_suite_rating_count"], values["crm_suite_rating_avg"]), (1, 5.0))
        self.assertFalse(values["crm_suite_last_feedback"])

    def test_each_role_reads_the_ratings_of_its_documents_only(self):
        self._rate(self._complaint(), 1, feedback="Nobody called me back")
        self._rate_job(5)
        employee = new_company_user(self.env, self.company, "c360_rating_employee", "base.group_user")
        salesperson = new_company_user(self.env, self.company, "c360_rating_sales", "sales_team.group_sale_salesman")
        order = self.env["sale.order"].create({"partner_id": self.customer.id, "user_id": salesperson.id})
        self._rate(order, 3, feedback="Slow delivery")
        readers = {
            self.technician: {"repair.order"},
            self.adviser: {"repair.order", "crm.suite.complaint", "sale.order"},
            salesperson: {"sale.order"},
            employee: set(),
        }
        for user, models in readers.items():
            with self.subTest(user=user.login):
                ratings = (
                    self.env["rating.rating"]
                    .with_user(user)
                    .search_read([("partner_id", "=", self.customer.id)], ["res_model", "feedback"])
                )
                self.assertEqual({rating["res_model"] for rating in ratings}, models)

    def test_complaints_button_counts_and_opens_the_customers_and_their_contacts_complaints(self):
        business = self.env["res.partner"].create({"name": "Kulkarni Logistics", "is_company": True})
        self.customer.parent_id = business
        own, contacts = self._complaint(partner=business), self._complaint()
        self._complaint(partner=self.env["res.partner"].create({"name": "Someone Else"}))
        self.assertEqual(business.with_user(self.adviser).complaint_count, 2)
        action = business.with_user(self.adviser).action_view_complaints()
        self.assertEqual(self.env["crm.suite.complaint"].search(action["domain"]), own | contacts)
        self.assertNotIn("search_default_open", action["context"], "closed complaints are counted, so listed")

    def test_complaint_count_takes_as_many_queries_for_twenty_complaints_as_for_two(self):
        few, many = self.customer, self.env["res.partner"].create({"name": "Frequent Complainer"})
        for partner, count in ((few, 2), (many, 20)):
            for _complaint in range(count):
                self._complaint(partner=partner)

        def queries(partner, expected_count):
            partner = partner.with_user(self.adviser)
            for _warm_up in range(2):
                self.env.invalidate_all()
                self.assertEqual(partner.complaint_count, expected_count)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(partner.complaint_count, expected_count)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(few, 2), queries(many, 20))

    def test_opening_takes_as_many_queries_for_sixty_job_cards_as_for_three(self):
        short, long = self.customer, self.env["res.partner"].create({"name": "Fleet Owner Bhatt"})
        long_bike = self.bike.copy({"partner_id": long.id, "registration_number": "MH 12 AB 1111"})
        for partner, bike, count in ((short, self.bike, 3), (long, long_bike, 60)):
            for day in range(count):
                job = self._job(asset=bike, checkin=CHECKIN + timedelta(days=day), odometer=100 * (day + 1))
                complaint = self._complaint(partner=partner, repair_order_id=job.id)
                self._rate(complaint, 5, feedback="Fine")
        self.assertEqual(self._queries(short), self._queries(long))

    def _queries(self, partner):
        customer = partner.with_user(self.manager)
        specification = web_client_specification(customer, CUSTOMER_360)
        # Read first: access rights and other registry caches are then warm for both counts.
        for _warm_up in range(2):
            self.env.invalidate_all()
            customer.web_read(specification)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        customer.web_read(specification)
        return self.env.cr.sql_log_count - before

    def test_technician_cannot_open_the_360_through_a_complaint_or_of_another_company(self):
        stranger = self.env["res.partner"].create(
            {"name": "Not Ours", "company_id": self.env.ref("base.main_company").id}
        )
        for record in (self._complaint(), stranger):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.technician).action_crm_suite_customer_360()

    def test_portal_customer_reads_no_service_part_of_their_360(self):
        portal = new_company_user(self.env, self.company, "c360_service_portal", "base.group_portal")
        for field in SERVICE_FIELDS | COMPLAINT_FIELDS | SATISFACTION_FIELDS:
            with self.subTest(field=field), self.assertRaises(AccessError):
                portal.partner_id.with_user(portal).web_read({field: {}})

    def test_complaint_without_a_customer_has_no_360(self):
        complaint = self.env["crm.suite.complaint"].create({"name": "Anonymous call", "contact_name": "Someone"})
        with self.assertRaises(UserError):
            complaint.with_user(self.adviser).action_crm_suite_customer_360()
