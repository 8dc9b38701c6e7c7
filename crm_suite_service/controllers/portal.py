from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class JobCardPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "job_card_count" in counters:
            JobCard = request.env["repair.order"]
            values["job_card_count"] = JobCard.search_count([]) if JobCard.has_access("read") else 0
        return values

    @http.route(["/my/job-cards", "/my/job-cards/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_job_cards(self, page=1, **kwargs):
        # The portal record rule limits the search to the user's own job cards.
        JobCard = request.env["repair.order"]
        count = JobCard.search_count([])
        pager = portal_pager(url="/my/job-cards", total=count, page=page, step=self._items_per_page)
        jobs = JobCard.search(
            [], order="checkin_datetime desc, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "job_card", "jobs": jobs.sudo(), "pager": pager, "default_url": "/my/job-cards"})
        return request.render("crm_suite_service.portal_my_job_cards", values)

    @http.route(["/my/job-cards/<int:job_id>"], type="http", auth="public", website=True)
    def portal_my_job_card(self, job_id, access_token=None, **kwargs):
        try:
            job_sudo = self._document_check_access("repair.order", job_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            job_sudo, access_token, {"page_name": "job_card", "job": job_sudo}, "my_job_cards_history", False
        )
        # The asset's other job cards: its owner's service history, read with the checked job's rights.
        values["history"] = job_sudo.service_asset_id.repair_ids.filtered(
            lambda other: (
                other != job_sudo
                and other.partner_id.commercial_partner_id == job_sudo.partner_id.commercial_partner_id
            )
        )
        return request.render("crm_suite_service.portal_my_job_card", values)
