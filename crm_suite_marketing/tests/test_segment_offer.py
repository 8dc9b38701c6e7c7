from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SegmentOfferCase


@tagged("post_install", "-at_install")
class TestSegmentOffer(SegmentOfferCase):
    def test_preferred_channel_splits_the_segment_between_email_and_sms(self):
        offer = self._offer(channel="preferred")
        self.assertEqual((offer.customer_count, offer.email_count, offer.sms_count), (6, 1, 3))
        self.assertEqual(offer.unreachable_count, 2, "Chitra has no phone and Dev is blacklisted")
        mailings = self._by_type(self._mailings(offer))
        self.assertEqual(set(mailings["mail"]._get_recipients()), set(self.asha.ids))
        self.assertEqual(
            set(mailings["sms"]._get_recipients()),
            set((self.bala | self.esha | self.farid).ids),
            "Esha prefers SMS; Farid agreed to SMS only",
        )
        for mailing in mailings.values():
            self.assertEqual(
                (mailing.campaign_id, mailing.crm_suite_segment, mailing.state), (self.campaign, "Pune", "draft")
            )

    def test_customers_who_prefer_whatsapp_get_a_message_with_their_coupon_to_send(self):
        self.farid.write({"preferred_channel": "whatsapp", "consent_whatsapp": True})
        offer = self._offer(channel="preferred", coupon_program_id=self.program.id)
        self.assertEqual((offer.email_count, offer.sms_count, offer.whatsapp_count), (1, 2, 1))
        mailings = self._by_type(self._mailings(offer))
        self.assertNotIn(self.farid.id, mailings["sms"]._get_recipients(), "WhatsApp instead")
        message = self.env["crm.suite.whatsapp.message"].search([("partner_id", "=", self.farid.id)])
        coupon = self.env["loyalty.card"].search([("partner_id", "=", self.farid.id)])
        self.assertEqual(message.body, f"Ten percent off this week. Code: {coupon.code}")
        self.assertEqual((message.campaign_id, coupon.crm_suite_campaign_id), (self.campaign, self.campaign))
        message.action_send()
        result = self.env["crm.suite.offer.result"].search([("partner_id", "=", self.farid.id)])
        self.assertEqual(sorted(result.mapped("channel")), ["coupon", "whatsapp"])
        self.assertEqual(sum(result.mapped("sent")), 1)

    def test_one_channel_reaches_everyone_who_agreed_to_it(self):
        email = self._mailings(self._offer(channel="email"))
        self.assertEqual(email.mailing_type, "mail")
        self.assertEqual(set(email._get_recipients()), set((self.asha | self.esha).ids), "not Dev, blacklisted")
        sms = self._mailings(self._offer(channel="sms"))
        self.assertEqual(set(sms._get_recipients()), set((self.bala | self.esha | self.farid).ids), "not Chitra")

    def test_consent_is_read_when_the_mailing_is_sent(self):
        mailing = self._mailings(self._offer(channel="email"))
        self.asha.consent_email = False
        self.env["mail.blacklist"].sudo()._add("esha@example.com")
        self.assertFalse(mailing._get_recipients(), "withdrawn consent and a new blacklisting apply at sending")

    def test_the_ticked_contacts_or_the_whole_filtered_list(self):
        Offer = self.env["crm.suite.segment.offer"]
        pune = [("city", "=", "Offerpur")]
        context = {"active_model": "res.partner", "active_domain": pune}
        ticked = Offer.with_context(context, active_ids=(self.asha | self.bala).ids).default_get(["partner_domain"])
        self.assertEqual(ticked["partner_domain"], repr([("id", "in", (self.asha | self.bala).ids)]))
        everyone = self.env["res.partner"].search(pune).ids
        whole = Offer.with_context(context, active_ids=everyone).default_get(["partner_domain"])
        self.assertEqual(whole["partner_domain"], repr(pune), "the segment itself, which new members join")

    def test_a_malformed_filter_is_refused(self):
        for domain in ("[('city', '=',", "[('no_such_field', '=', 1)]", "__import__('os')"):
            with self.subTest(domain=domain), self.assertRaisesRegex(UserError, "filter is not valid"):
                self._offer(partner_domain=domain).action_edit()

    def test_each_recipient_gets_a_personal_coupon_in_the_message(self):
        offer = self._offer(channel="preferred", coupon_program_id=self.program.id, coupon_days=15)
        mailings = self._by_type(self._mailings(offer))
        for mailing in mailings.values():
            mailing.action_send_mail()
        coupons = self.env["loyalty.card"].search([("crm_suite_mailing_id", "in", [m.id for m in mailings.values()])])
        self.assertEqual(coupons.partner_id, self.asha | self.bala | self.esha | self.farid)
        self.assertEqual(set(coupons.mapped("expiration_date")), {fields.Date.today() + timedelta(days=15)})
        self.assertEqual(coupons.crm_suite_campaign_id, self.campaign)
        asha_mail = self.env["mail.mail"].search([("mailing_id", "=", mailings["mail"].id)])
        self.assertIn(coupons.filtered(lambda c: c.partner_id == self.asha).code, str(asha_mail.body_html))
        for partner in self.bala | self.esha | self.farid:
            sms = self.env["sms.sms"].search([("mailing_id", "=", mailings["sms"].id), ("partner_id", "=", partner.id)])
            self.assertIn(coupons.filtered(lambda c, p=partner: c.partner_id == p).code, sms.body)

    def test_a_resumed_sending_gives_no_second_coupon_or_message(self):
        mailing = self._mailings(self._offer(channel="email", coupon_program_id=self.program.id))
        mailing._crm_suite_give_coupons(self.asha.ids)  # a first sending crashed after its coupons
        mailing.action_send_mail()
        self.assertEqual(len(mailing.crm_suite_coupon_ids), 2)
        mailing.write({"state": "in_queue"})
        self._run_queue()
        self.assertEqual(len(mailing.crm_suite_coupon_ids), 2)
        self.assertEqual(self.env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id)]), 2)

    def test_only_sales_managers_put_coupons_in_a_mailing(self):
        marketer = new_test_user(
            self.env,
            login="offer_marketer",
            groups="base.group_user,mail.group_mail_template_editor,mass_mailing.group_mass_mailing_user",
        )
        offer = self._offer(coupon_program_id=self.program.id).with_user(marketer)
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            offer.action_edit()
        mailing = self._mailings(self._offer(channel="email").with_user(marketer))
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            mailing.with_user(marketer).write({"crm_suite_coupon_program_id": self.program.id})
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            self._mailings(
                self._offer(channel="email")
                .with_user(marketer)
                .with_context(default_crm_suite_coupon_program_id=self.program.id)
            )
        self.assertFalse(offer.may_give_coupons)

    def test_who_a_coupon_mailing_reaches_is_a_sales_managers_choice(self):
        marketer = new_test_user(
            self.env,
            login="offer_redirector",
            groups="base.group_user,mail.group_mail_template_editor,mass_mailing.group_mass_mailing_user",
        )
        mailing = self._mailings(self._offer(channel="email", coupon_program_id=self.program.id))
        for values in ({"mailing_domain": "[]"}, {"crm_suite_consent_rule": False}, {"crm_suite_coupon_days": 999}):
            with self.subTest(values=values), self.assertRaisesRegex(AccessError, "Only sales managers"):
                mailing.with_user(marketer).write(values)
        mailing.with_user(marketer).write({"subject": "Diwali offer, last days"})  # the wording is theirs

    def test_sending_to_other_contacts_than_the_segment_gives_them_nothing(self):
        mailing = self._mailings(self._offer(channel="email", coupon_program_id=self.program.id))
        with self.assertRaisesRegex(UserError, "Nobody of this mailing's recipients"):
            mailing.action_send_mail(res_ids=self.outsider.ids)
        mailing.action_send_mail(res_ids=(self.outsider | self.asha).ids)
        self.assertEqual(mailing.crm_suite_coupon_ids.partner_id, self.asha)
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(traces.mapped("res_id"), self.asha.ids)

    def test_a_code_is_read_only_while_its_mailing_renders(self):
        mailing = self._mailings(self._offer(channel="email", coupon_program_id=self.program.id))
        mailing.action_send_mail()
        code = mailing.crm_suite_coupon_ids.filtered(lambda card: card.partner_id == self.asha).code
        self.assertIn(code, str(self.env["mail.mail"].search([("mailing_id", "=", mailing.id)]).mapped("body_html")))
        forged = self.asha.with_context(crm_suite_offer_mailing_id=mailing.id)
        self.assertEqual(forged.crm_suite_offer_coupon_code, "", "the context alone, as an RPC call sends it")

    def test_a_customer_gets_one_message_of_an_offer_whatever_changes_between_its_mailings(self):
        mailings = self._by_type(self._mailings(self._offer(channel="preferred", coupon_program_id=self.program.id)))
        mailings["sms"].action_send_mail()
        self.assertEqual(mailings["sms"].state, "done", "an offer's SMS mailing is done once sent")
        self.esha.preferred_channel = "email"  # after her SMS went out
        self.assertEqual(set(mailings["mail"]._get_recipients()), set(self.asha.ids))
        mailings["mail"].action_send_mail()
        self.assertEqual(len(self.env["loyalty.card"].search([("partner_id", "=", self.esha.id)])), 1)

    def test_coupons_come_from_a_coupon_program(self):
        gift_cards = self.env["loyalty.program"].create({"name": "Gift cards", "program_type": "gift_card"})
        with self.assertRaisesRegex(ValidationError, "Coupons type"):
            self._mailings(self._offer(coupon_program_id=gift_cards.id))

    def test_recurring_offer_reaches_each_new_member_once(self):
        mailing = self._mailings(self._offer(channel="email", repeat_interval=1, repeat_unit="weeks"), send=True)
        self.assertEqual(mailing.state, "in_queue")
        self._run_queue()
        self.assertEqual(mailing.state, "done")
        first_run = mailing.crm_suite_next_repeat
        self.assertAlmostEqual(first_run, fields.Datetime.now() + timedelta(weeks=1), delta=timedelta(minutes=5))
        newcomer = self.env["res.partner"].create(
            {"name": "Hema", "city": "Offerpur", "email": "hema@example.com", "consent_email": True}
        )
        Mailing = self.env["mailing.mailing"]
        Mailing._cron_repeat_segment_offers()
        self.assertEqual(mailing.state, "done", "not due before its day")
        with freeze_time(first_run + timedelta(days=15)):
            Mailing._cron_repeat_segment_offers()
            Mailing._cron_repeat_segment_offers()  # a second run at once changes nothing
            self.assertEqual(mailing.state, "in_queue")
            self.assertEqual(mailing.crm_suite_next_repeat, first_run + timedelta(weeks=3))
            self._run_queue()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(sorted(traces.mapped("res_id")), sorted((self.asha | self.esha | newcomer).ids))
