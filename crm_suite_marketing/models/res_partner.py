from odoo import api, fields, models
from odoo.tools import SQL

from .mailing_mailing import sending_offer

OFFER_READERS = "mass_mailing.group_mass_mailing_user,sales_team.group_sale_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_suite_offer_coupon_code = fields.Char(
        string="Offer Coupon Code",
        compute="_compute_crm_suite_offer_coupon_code",
        help="In a segment offer's message: the recipient's personal coupon code of that offer.",
    )
    crm_suite_offer_count = fields.Integer(
        string="Offers", compute="_compute_crm_suite_offer_count", groups=OFFER_READERS
    )

    @api.depends_context("crm_suite_offer_mailing_id")
    def _compute_crm_suite_offer_coupon_code(self):
        codes = {}
        mailing_id = self.env.context.get("crm_suite_offer_mailing_id")
        if mailing_id and sending_offer.get() == mailing_id:
            # sudo: only while that mailing's own sending renders its messages (the context alone,
            # which an RPC call sets, opens nothing); the codes go to their owners.
            cards = (
                self.env["loyalty.card"]
                .sudo()
                .search([("crm_suite_mailing_id", "=", mailing_id), ("partner_id", "in", self.ids)])
            )
            codes = {card.partner_id.id: card.code for card in cards}
        for partner in self:
            partner.crm_suite_offer_coupon_code = codes.get(partner.id, "")

    def _compute_crm_suite_offer_count(self):
        """The offers a contact received: messages of mailings to contacts and loyalty offers' coupons."""
        self.env["mailing.trace"].flush_model(["model", "res_id", "mass_mailing_id"])
        self.env["mailing.mailing"].flush_model(["crm_suite_company_id"])
        self.env["loyalty.card"].flush_model(
            ["partner_id", "company_id", "crm_suite_campaign_id", "crm_suite_mailing_id"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT partner_id, COUNT(*) FROM (
                       SELECT t.res_id AS partner_id FROM mailing_trace t
                         JOIN mailing_mailing m ON m.id = t.mass_mailing_id
                        WHERE t.model = 'res.partner' AND t.res_id = ANY(%(ids)s)
                          AND (m.crm_suite_company_id = %(company_id)s OR m.crm_suite_company_id IS NULL)
                        UNION ALL
                       SELECT partner_id FROM loyalty_card
                        WHERE partner_id = ANY(%(ids)s) AND crm_suite_campaign_id IS NOT NULL
                          AND crm_suite_mailing_id IS NULL
                          AND (company_id = %(company_id)s OR company_id IS NULL)
                   ) offers GROUP BY partner_id""",
                ids=self.ids,
                company_id=self.env.company.id,
            )
        )
        counts = dict(self.env.cr.fetchall())
        for partner in self:
            partner.crm_suite_offer_count = counts.get(partner.id, 0)

    def action_crm_suite_view_offers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_suite_marketing.action_crm_suite_offer_result")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        action["views"] = [(self.env.ref("crm_suite_marketing.view_crm_suite_offer_result_list").id, "list")]
        return action
