from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_suite.tests.common import new_company_user

from .common import JobCardCase


@tagged("post_install", "-at_install")
class TestRatingAccess(JobCardCase):
    """What a customer said about a job card, an order or a complaint is read with that document only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rating = cls.env["rating.rating"]
        groups = "sales_team.group_sale_salesman"
        cls.seller = new_company_user(cls.env, cls.company, "rating_access_seller", groups)
        cls.other_seller = new_company_user(cls.env, cls.company, "rating_access_other_seller", groups)

    def _order(self, seller):
        return self.env["sale.order"].create({"partner_id": self.customer.id, "user_id": seller.id})

    def _visible(self, user, record):
        return self.Rating.with_user(user).search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def test_a_salesperson_reads_the_ratings_of_their_own_orders_only(self):
        own = self._rate(self._order(self.seller), 5, "Quick delivery")
        other = self._rate(self._order(self.other_seller), 1, "The salesman was rude")
        ratings = self.Rating.with_user(self.seller)
        domain = [("partner_id", "=", self.customer.id)]
        self.assertEqual(ratings.search(domain), own)
        self.assertEqual(ratings.search_count(domain), 1)
        self.assertEqual(ratings._read_group(domain, aggregates=["__count"]), [(1,)])
        self.assertEqual(own.with_user(self.seller).feedback, "Quick delivery")
        with self.assertRaises(AccessError):
            other.with_user(self.seller).read(["feedback"])
        self.assertFalse(other.with_user(self.seller).has_access("read"), "as the checks of other code see it")
        self.assertTrue(own.with_user(self.seller).has_access("read"))

    def test_the_limit_and_order_apply_to_the_readable_ratings(self):
        own = self._rate(self._order(self.seller), 4, "Good")
        self._rate(self._order(self.other_seller), 1, "Bad")
        found = self.Rating.with_user(self.seller).search([], order="id desc", limit=1)
        self.assertEqual(found, own, "the newer rating of another's order takes no place in the page")

    def test_a_complaint_of_another_company_is_not_read_through_its_rating(self):
        other_company = self.env["res.company"].create({"name": "Other Service Centre"})
        complaint = self.env["crm.suite.complaint"].create(
            {"name": "Scratched tank", "partner_id": self.customer.id, "company_id": other_company.id}
        )
        rating = self._rate(complaint, 1, "They scratched my tank")
        self.assertFalse(self._visible(self.adviser, complaint))
        with self.assertRaises(AccessError):
            rating.with_user(self.adviser).read(["feedback"])
        self.adviser.company_ids |= other_company
        in_both = self.Rating.with_user(self.adviser).with_context(
            allowed_company_ids=(self.company | other_company).ids
        )
        self.assertEqual(in_both.search([("id", "=", rating.id)]), rating, "working in that company too, it reads it")

    def test_a_job_card_the_technician_reads_keeps_its_rating_readable(self):
        job = self._job()
        rating = self._rate(job, 2, "Still squeals")
        self.assertEqual(self._visible(self.technician, job), rating)
        self.assertEqual(rating.with_user(self.technician).feedback, "Still squeals")

    def test_no_employee_changes_a_complaints_rating_or_moves_one_onto_it(self):
        complaint = self.env["crm.suite.complaint"].create({"name": "Late delivery", "partner_id": self.customer.id})
        rating = self._rate(complaint, 5, "Sorted the same day")
        with self.assertRaises(AccessError):
            rating.with_user(self.adviser).write({"rating": 1, "feedback": "Forged"})
        own = self.Rating.with_user(self.adviser).create(
            {"res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": self.customer.id, "rating": 1}
        )
        with self.assertRaises(AccessError):
            own.write({"res_model_id": self.env["ir.model"]._get_id("crm.suite.complaint"), "res_id": complaint.id})
        self.assertEqual(complaint.rating_value, 5)

    def test_the_feedback_analysis_counts_the_orders_the_user_may_read_only(self):
        orders = self._order(self.seller) | self._order(self.other_seller)
        for order in orders:
            order.write(
                {"crm_suite_feedback_requested_datetime": "2026-11-30 10:00:00", "crm_suite_feedback_channel": "email"}
            )
            self._rate(order, 1, "Bad")
        report = self.env["crm.suite.feedback.report"]
        domain = [("sale_order_id", "in", orders.ids)]
        self.assertEqual(len(report.search(domain)), 2)
        seller = self.seller
        seller.group_ids |= self.env.ref("crm_suite_service.group_service_adviser")
        rows = report.with_user(seller).search(domain)
        self.assertEqual(rows.sale_order_id, orders[0])
        self.assertEqual(report.with_user(seller)._read_group(domain, aggregates=["__count"]), [(1,)])
