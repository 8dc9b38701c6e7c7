from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_asset_ids = fields.One2many(
        "crm.suite.service.asset", "partner_id", string="Vehicles and Assets", groups="stock.group_stock_user"
    )
    service_asset_count = fields.Integer(compute="_compute_service_counts", groups="stock.group_stock_user")
    job_card_count = fields.Integer(compute="_compute_service_counts", groups="stock.group_stock_user")
    complaint_count = fields.Integer(
        compute="_compute_complaint_count", groups="crm_suite_service.group_service_adviser"
    )

    def _compute_service_counts(self):
        # As Odoo counts sales orders: a company counts its contacts' records too.
        partners = self.with_context(active_test=False).search([("id", "child_of", self.ids)])
        self.service_asset_count = self.job_card_count = 0
        for model, counter in (("crm.suite.service.asset", "service_asset_count"), ("repair.order", "job_card_count")):
            for partner, count in self.env[model]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            ):
                while partner:
                    if partner in self:
                        partner[counter] += count
                    partner = partner.parent_id

    def _compute_complaint_count(self):
        counts = self._crm_suite_customer_counts("crm.suite.complaint", [])
        for partner in self:
            partner.complaint_count = counts.get(partner.id, 0)

    def action_view_service_assets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_suite_service.action_crm_suite_service_asset")
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_job_cards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_suite_service.action_crm_suite_job_cards")
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_complaints(self):
        """All the customer's complaints, open or closed, their contacts' too."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_suite_service.action_crm_suite_complaint")
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
