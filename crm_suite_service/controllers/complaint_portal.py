from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ComplaintPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["crm.suite.complaint"]
            values["complaint_count"] = Complaint.search_count([]) if Complaint.has_access("read") else 0
        return values

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kwargs):
        # The portal record rule limits the search to the user's own complaints.
        Complaint = request.env["crm.suite.complaint"]
        pager = portal_pager(
            url="/my/complaints", total=Complaint.search_count([]), page=page, step=self._items_per_page
        )
        complaints = Complaint.search([], limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "complaint", "complaints": complaints.sudo(), "pager": pager})
        return request.render("crm_suite_service.portal_my_complaints", values)

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_new_complaint(self, **post):
        customer = request.env.user.partner_id
        products = self._complained_products(customer)
        error = None
        if request.httprequest.method == "POST":
            subject = (post.get("name") or "").strip()
            description = (post.get("description") or "").strip()
            product_id = int(post.get("product_id") or 0)
            if not subject or not description:
                error = request.env._("Please give a subject and describe the problem.")
            elif product_id and product_id not in products.ids:
                error = request.env._("Choose a product you bought from us.")
            else:
                # The customer is the logged-in user, never a value of the request.
                complaint = self._create_complaint(customer, subject, description, "portal", product_id)
                return request.redirect(complaint.get_portal_url())
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "complaint", "products": products, "error": error, "post": post})
        return request.render("crm_suite_service.portal_new_complaint", values)

    @http.route(["/complaint"], type="http", auth="public", website=True, methods=["GET", "POST"], sitemap=True)
    def public_complaint(self, **post):
        """The public complaint form: the website's page when Website is installed, a plain page otherwise."""
        if not request.env.user._is_public():
            return request.redirect("/my/complaints/new")
        error = None
        if request.httprequest.method == "POST":
            name = (post.get("contact_name") or "").strip()
            email = (post.get("email") or "").strip()
            subject = (post.get("name") or "").strip()
            description = (post.get("description") or "").strip()
            if not (name and email and subject and description):
                error = request.env._("Please give your name, your email, a subject and what happened.")
            elif not email_normalize(email):
                error = request.env._("%(email)s is not an email address.", email=email)
            else:
                # Visitors may not create contacts: a new email address's contact is made as
                # superuser from this form's fields only.
                Partner = request.env["res.partner"].sudo()
                partner = Partner.search([("email_normalized", "=", email_normalize(email))], limit=1)
                partner = partner or Partner.create(
                    {
                        "name": name,
                        "email": email,
                        "phone": post.get("phone"),
                        # The visitor's language, and the business's time zone for the times we promise
                        # them (sudo: visitors may not read the company's contact; only its zone is used).
                        "lang": request.env.lang,
                        "tz": request.env.company.sudo().partner_id.tz,
                    }
                )
                complaint = self._create_complaint(partner, subject, description, "website")
                values = {"complaint": complaint}
                return request.render("crm_suite_service.public_complaint_thanks", values)
        return request.render("crm_suite_service.public_complaint", {"error": error, "post": post})

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kwargs):
        try:
            complaint_sudo = self._document_check_access("crm.suite.complaint", complaint_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"page_name": "complaint", "complaint": complaint_sudo},
            "my_complaints_history",
            False,
        )
        return request.render("crm_suite_service.portal_my_complaint", values)

    def _create_complaint(self, partner, subject, description, channel, product_id=False):
        # As superuser: portal users and visitors may not create complaints; the values come
        # from the form's own fields only.
        return (
            request.env["crm.suite.complaint"]
            .sudo()
            .with_company(request.env.company)
            .create(
                {
                    "name": subject,
                    "description": plaintext2html(description),
                    "partner_id": partner.id,
                    "channel": channel,
                    "product_id": product_id or False,
                    "company_id": request.env.company.id,
                }
            )
        )

    def _complained_products(self, customer):
        # Products the customer's posted invoices hold: read as superuser, keyed on the logged-in partner.
        lines = (
            request.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("move_id.commercial_partner_id", "=", customer.commercial_partner_id.id),
                    ("move_id.move_type", "=", "out_invoice"),
                    ("parent_state", "=", "posted"),
                    ("product_id", "!=", False),
                ],
                limit=200,
            )
        )
        return lines.product_id
