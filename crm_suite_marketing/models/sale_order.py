from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _crm_suite_offer_utm_values(self, coupon):
        """A coupon mailed to a segment gives the order its mailing's source and medium too, as a click
        in the mailing would: Email Marketing then counts the order and its invoices on that mailing."""
        values = super()._crm_suite_offer_utm_values(coupon)
        mailing = coupon.sudo().crm_suite_mailing_id  # sudo: salespeople cannot read mailings; only its UTM is copied
        if mailing:
            values.update(
                {
                    "campaign_id": mailing.campaign_id.id or values["campaign_id"],
                    "source_id": mailing.source_id.id,
                    "medium_id": mailing.medium_id.id,
                }
            )
        return values
