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

    def _rate(self, record, value, feedback):
        # As Odoo's rating page does: the record in sudo, for the public visitor holding the token.
        record.sudo().rating_apply(value, token=record._rating_get_access_token(), feedback=feedback)
        return self.Rating.search([("res_model", "=", record._name), ("res_id", "=", record.id)])

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
