from odoo import Command, api, fields, models


class CrmSuiteDemo(models.AbstractModel):
    _inherit = "crm.suite.demo"

    @api.model
    def _setup_diwali_offers(self, segments, redeemers, openers):
        """A Diwali campaign sent, through the offer wizard, to each of ``segments`` (name: domain) with
        a personal coupon; ``openers`` opened it and ``redeemers`` used their coupon on an invoiced order."""
        company = self._demo_company()
        env = self.with_company(company).env
        if env["mailing.mailing"].search_count([("crm_suite_segment", "in", list(segments))]):
            return  # the demo data loads again on each update of the module
        campaign = env["utm.campaign"].create({"title": "Diwali 2026"})
        program = env["loyalty.program"].create(
            {
                "name": "Diwali 10% off",
                "program_type": "coupons",
                "trigger": "with_code",
                "company_id": company.id,
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "discount_mode": "percent"})],
            }
        )
        product = env.ref("crm_suite.product_ceiling_fan")
        if "l10n_in_hsn_code" in product._fields:
            # The discount's invoice line names its goods' GST code too, as Indian invoices must.
            program.reward_ids.discount_line_product_id.l10n_in_hsn_code = product.l10n_in_hsn_code
        Offer = env["crm.suite.segment.offer"]
        mailings = env["mailing.mailing"]
        for segment, domain in segments.items():
            offer = Offer.create(
                {
                    "partner_domain": repr(domain),
                    "segment": segment,
                    "campaign_id": campaign.id,
                    "subject": "Happy Diwali: 10% off for you",
                    "message": "Light up your home this Diwali: 10% off everything in our showroom until Bhai Dooj.",
                    "coupon_program_id": program.id,
                    "coupon_days": 30,
                }
            )
            mailings |= mailings.browse(offer.action_edit()["domain"][0][2])
        # Sent as the queue would (its composer commits, which a module's installation may not): the
        # coupons given, and a delivered message traced per recipient on their channel.
        now = fields.Datetime.now()
        for mailing in mailings:
            recipients = env["res.partner"].browse(mailing._get_remaining_recipients())
            mailing._crm_suite_give_coupons(recipients.ids)
            env["mailing.trace"].create(
                [
                    {
                        "mass_mailing_id": mailing.id,
                        "model": "res.partner",
                        "res_id": partner.id,
                        "trace_type": mailing.mailing_type,
                        "email": partner.email_normalized if mailing.mailing_type == "mail" else False,
                        "sms_number": partner.phone_sanitized if mailing.mailing_type == "sms" else False,
                        "trace_status": "sent",
                        "sent_datetime": now,
                    }
                    for partner in recipients
                ]
            )
            mailing.write({"state": "done", "sent_date": now})
        env["mailing.trace"].search(
            [("mass_mailing_id", "in", mailings.ids), ("trace_type", "=", "mail"), ("res_id", "in", openers)]
        ).set_opened()
        for coupon in mailings.crm_suite_coupon_ids.filtered(lambda card: card.partner_id.id in redeemers):
            order = env["sale.order"].create(
                {
                    "partner_id": coupon.partner_id.id,
                    "company_id": company.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
                }
            )
            order._apply_program_reward(order._try_apply_code(coupon.code)[coupon], coupon)
            order.action_confirm()
            order._create_invoices().action_post()
