from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq, email_normalize, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import chatter_values, customer_domain, owned_document_sudo

# The longest text each form field takes: enough for any real complaint, not for a flood.
FIELD_LIMITS = {"contact_name": 100, "email": 254, "phone": 32, "name": 200, "description": 5000}
# Public form complaints per hour, per email address and per network address.
PER_ADDRESS_PER_HOUR = 3
PER_CLIENT_PER_HOUR = 10


def form_values(post, names):
    """The form's text fields, trimmed, and the error to show when one is missing or too long."""
    values = {name: (post.get(name) or "").strip() for name in names}
    if not all(values[name] for name in names if name != "phone"):
        return values, request.env._("Please fill in every field of the form.")
    too_long = [name for name in names if len(values[name]) > FIELD_LIMITS[name]]
    if too_long:
        return values, request.env._(
            "Please shorten your text: %(limits)s.",
            limits=", ".join(
                request.env._("%(count)s characters at most", count=FIELD_LIMITS[name]) for name in too_long
            ),
        )
    return values, None


class ComplaintPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            # sudo: counted on the customer's own complaints only (customer_domain).
            values["complaint_count"] = request.env["crm.suite.complaint"].sudo().search_count(customer_domain())
        return values

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kwargs):
        # sudo: the customer's own complaints only (customer_domain); the template shows what they may see.
        Complaint = request.env["crm.suite.complaint"].sudo()
        pager = portal_pager(
            url="/my/complaints", total=Complaint.search_count(customer_domain()), page=page, step=self._items_per_page
        )
        complaints = Complaint.search(customer_domain(), limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "complaint", "complaints": complaints, "pager": pager})
        return request.render("crm_suite_service.portal_my_complaints", values)

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_new_complaint(self, **post):
        customer = request.env.user.partner_id
        products = self._complained_products(customer)
        error = None
        if request.httprequest.method == "POST":
            values, error = form_values(post, ("name", "description"))
            product = post.get("product_id") or "0"
            product_id = int(product) if product.isdigit() else -1
            if not error and product_id and product_id not in products.ids:
                error = request.env._("Choose a product you bought from us.")
            if not error:
                # The customer is the logged-in user, never a value of the request.
                complaint = self._create_complaint(
                    customer, values["name"], values["description"], "portal", product_id
                )
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
            values, error = form_values(post, ("contact_name", "email", "phone", "name", "description"))
            email = email_normalize(values["email"]) if not error else False
            if not error and not email:
                error = request.env._("%(email)s is not an email address.", email=values["email"])
            if not error:
                error = self._public_rate_limit_error(email)
            if not error:
                # The complaint binds to no customer and makes no contact until the visitor confirms
                # the address through the link sent to it; staff may match it themselves before.
                complaint = self._create_complaint(
                    request.env["res.partner"],
                    values["name"],
                    values["description"],
                    "website",
                    contact_name=values["contact_name"],
                    contact_phone=values["phone"],
                    email_from=email,
                    submitted_from=request.httprequest.remote_addr,
                )
                complaint._request_email_confirmation()
                return request.render("crm_suite_service.public_complaint_thanks", {"complaint": complaint})
        return request.render("crm_suite_service.public_complaint", {"error": error, "post": post})

    def _public_rate_limit_error(self, email):
        # sudo: counts only, on the public form's own complaints.
        Complaint = request.env["crm.suite.complaint"].sudo()
        recent = [("channel", "=", "website"), ("create_date", ">=", fields.Datetime.now() - timedelta(hours=1))]
        if Complaint.search_count([*recent, ("email_from", "=", email)]) >= PER_ADDRESS_PER_HOUR or (
            Complaint.search_count([*recent, ("submitted_from", "=", request.httprequest.remote_addr)])
            >= PER_CLIENT_PER_HOUR
        ):
            return request.env._("We have just received several complaints from you. Please try again in an hour.")
        return None

    @http.route(
        ["/complaint/confirm/<int:complaint_id>"], type="http", auth="public", website=True, methods=["GET", "POST"]
    )
    def public_complaint_confirm(self, complaint_id, token=None, **kwargs):
        """The link of the confirmation email: the sender owns the address, the complaint is theirs.

        Opening the link asks; only the button (a POST) confirms, so that a mail scanner that
        follows every link confirms nothing.
        """
        # sudo: the complaint is reached only with its own access token, checked below.
        complaint = request.env["crm.suite.complaint"].sudo().browse(complaint_id).exists()
        if not (complaint and token and complaint.access_token and consteq(complaint.access_token, str(token))):
            return request.render("crm_suite_service.public_complaint_confirm", {"state": "invalid"})
        if request.httprequest.method == "POST":
            complaint.with_company(complaint.company_id)._bind_confirmed_email()
        values = {"complaint": complaint, "token": token, "state": "done" if complaint.partner_id else "ask"}
        return request.render("crm_suite_service.public_complaint_confirm", values)

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kwargs):
        try:
            complaint_sudo = owned_document_sudo("crm.suite.complaint", complaint_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"page_name": "complaint", "complaint": complaint_sudo},
            "my_complaints_history",
            False,
            **chatter_values(complaint_sudo),
        )
        return request.render("crm_suite_service.portal_my_complaint", values)

    def _create_complaint(self, partner, subject, description, channel, product_id=False, **sender):
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
                    **sender,
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
