from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


def customer_domain():
    """The logged-in customer's own records: those of their company and its contacts."""
    return [("partner_id", "child_of", request.env.user.partner_id.commercial_partner_id.id)]


def owned_document_sudo(model_name, document_id, access_token=None):
    """The document, as superuser, if the user may read it, owns it or carries its link's token.

    Portal users have no access rights on job cards and complaints, so that RPC gives them
    nothing: their pages read, as superuser, only the documents this check lets through and
    show only the fields the templates name.
    """
    document = request.env[model_name].browse(document_id)
    document_sudo = document.sudo().exists()
    if not document_sudo:
        raise MissingError(request.env._("This document does not exist."))
    if document.has_access("read") or document_sudo.filtered_domain(customer_domain()):
        return document_sudo
    if access_token and document_sudo.access_token and consteq(document_sudo.access_token, access_token):
        return document_sudo
    raise AccessError(request.env._("This document is not yours."))


def chatter_values(document_sudo):
    """The signed partner id that lets the owner read and post on the document's portal chatter."""
    partner = request.env.user.partner_id
    if request.env.user._is_public() or not document_sudo.filtered_domain(customer_domain()):
        return {}
    return {"pid": partner.id, "hash": document_sudo._sign_token(partner.id)}


class JobCardPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "job_card_count" in counters:
            # sudo: counted on the customer's own job cards only (customer_domain).
            values["job_card_count"] = request.env["repair.order"].sudo().search_count(customer_domain())
        return values

    @http.route(["/my/job-cards", "/my/job-cards/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_job_cards(self, page=1, **kwargs):
        # sudo: the customer's own job cards only (customer_domain); the template shows what they may see.
        JobCard = request.env["repair.order"].sudo()
        count = JobCard.search_count(customer_domain())
        pager = portal_pager(url="/my/job-cards", total=count, page=page, step=self._items_per_page)
        jobs = JobCard.search(
            customer_domain(),
            order="checkin_datetime desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "job_card", "jobs": jobs, "pager": pager, "default_url": "/my/job-cards"})
        return request.render("crm_suite_service.portal_my_job_cards", values)

    @http.route(["/my/job-cards/<int:job_id>"], type="http", auth="public", website=True)
    def portal_my_job_card(self, job_id, access_token=None, **kwargs):
        try:
            job_sudo = owned_document_sudo("repair.order", job_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            job_sudo,
            access_token,
            {"page_name": "job_card", "job": job_sudo},
            "my_job_cards_history",
            False,
            **chatter_values(job_sudo),
        )
        # The asset's other job cards: its owner's service history, read with the checked job's rights.
        values["history"] = job_sudo.service_asset_id.repair_ids.filtered(
            lambda other: (
                other != job_sudo
                and other.partner_id.commercial_partner_id == job_sudo.partner_id.commercial_partner_id
            )
        )
        return request.render("crm_suite_service.portal_my_job_card", values)
