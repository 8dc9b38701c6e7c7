from odoo.tests import new_test_user, tagged

from .common import SegmentOfferCase


@tagged("post_install", "-at_install")
class TestOfferResults(SegmentOfferCase):
    def _results(self, **domain):
        return self.env["crm.suite.offer.result"].search([(name, "=", value) for name, value in domain.items()])

    def test_a_redeemed_coupon_attributes_the_order_and_its_invoice(self):
        mailing = self._mailings(self._offer(channel="email", coupon_program_id=self.program.id))
        mailing.action_send_mail()
        self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)]).set_opened()
        coupon = mailing.crm_suite_coupon_ids.filtered(lambda card: card.partner_id == self.asha)
        order = self._order_with_coupon(self.asha, coupon)
        self.assertEqual(
            (order.campaign_id, order.source_id, order.medium_id),
            (self.campaign, mailing.source_id, mailing.medium_id),
            "the coupon brings the mailing's UTM to the order",
        )
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.source_id, mailing.source_id)
        self.assertEqual(mailing.sale_invoiced_amount, 900, "Email Marketing counts it on the mailing too")
        asha, esha = self._results(partner_id=self.asha.id), self._results(partner_id=self.esha.id)
        self.assertRecordValues(
            asha,
            [
                {
                    "campaign_id": self.campaign.id,
                    "segment": "Pune",
                    "channel": "mail",
                    "coupon_id": coupon.id,
                    "sent": 1,
                    "opened": 1,
                    "coupons": 1,
                    "redeemed": 1,
                    "orders": 1,
                    "revenue": 900.0,
                    "margin": 300.0,
                    "discount_cost": 100.0,
                }
            ],
        )
        self.assertRecordValues(esha, [{"sent": 1, "coupons": 1, "redeemed": 0, "orders": 0, "revenue": 0.0}])
        self.assertEqual(self.asha.crm_suite_offer_count, 1)

    def test_an_order_counts_once_for_a_customer_whose_two_contacts_were_mailed(self):
        shop = self.env["res.partner"].create({"name": "Kiran Stores", "is_company": True, "city": "Offerpur"})
        self.asha.parent_id = self.esha.parent_id = shop
        mailing = self._mailings(self._offer(channel="email", coupon_program_id=self.program.id))
        mailing.action_send_mail()
        self._order_with_coupon(self.asha, mailing.crm_suite_coupon_ids.filtered(lambda c: c.partner_id == self.asha))
        results = self._results(mailing_id=mailing.id)
        self.assertEqual(sum(results.mapped("orders")), 1)
        self.assertEqual(sum(results.mapped("redeemed")), 1)

    def test_loyalty_offers_show_beside_the_mailings(self):
        retention = self.env.ref("crm_suite_loyalty.utm_campaign_retention_offers")
        coupon = self.program._crm_suite_give_coupon(self.bala, campaign=retention)
        order = self._order_with_coupon(self.bala, coupon)
        self.assertEqual((order.campaign_id, order.source_id.id), (retention, False))
        order._create_invoices().action_post()
        self.assertRecordValues(
            self._results(campaign_id=retention.id),
            [
                {
                    "channel": "coupon",
                    "partner_id": self.bala.id,
                    "coupons": 1,
                    "redeemed": 1,
                    "orders": 1,
                    "revenue": 900.0,
                    "discount_cost": 100.0,
                }
            ],
        )

    def test_an_order_of_its_own_campaign_keeps_it(self):
        mailing = self._mailings(self._offer(channel="email", coupon_program_id=self.program.id))
        mailing.action_send_mail()
        own = self.env["utm.campaign"].create({"title": "Walk-in fair"})
        coupon = mailing.crm_suite_coupon_ids[:1]
        order = self.env["sale.order"].create({"partner_id": coupon.partner_id.id, "campaign_id": own.id})
        order.order_line = [(0, 0, {"product_id": self.product.id})]
        order._apply_program_reward(order._try_apply_code(coupon.code)[coupon], coupon)
        order.action_confirm()
        self.assertEqual((order.campaign_id, order.source_id.id), (own, False))

    def test_each_company_sees_its_own_offers(self):
        mailing = self._mailings(self._offer(channel="email"))
        mailing.action_send_mail()
        other = self.env["res.company"].create({"name": "Other Traders"})
        self.assertEqual(len(self._results(mailing_id=mailing.id)), 2)
        other_results = self.env["crm.suite.offer.result"].with_company(other).search([("mailing_id", "=", mailing.id)])
        self.assertFalse(other_results, "another company's offer, its customers and their opens")

    def test_results_are_for_marketing_and_sales_managers(self):
        salesperson = new_test_user(self.env, login="results_salesperson", groups="sales_team.group_sale_salesman")
        self.assertFalse(self.env["crm.suite.offer.result"].with_user(salesperson).has_access("read"))
        marketer = new_test_user(
            self.env,
            login="results_marketer",
            groups="base.group_user,mail.group_mail_template_editor,mass_mailing.group_mass_mailing_user",
        )
        self.assertTrue(self.env["crm.suite.offer.result"].with_user(marketer).has_access("read"))
