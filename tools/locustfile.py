"""Locust users of `make load`: advisers in the web client and customers on the portal.

Run by tools/load_run.py with the python of .run/load-venv (locust is never installed
into Odoo's python). It reads LOAD_DB, LOAD_BACKEND_LOGINS and LOAD_PORTAL_LOGINS
("login:password,login:password") from the environment.
"""

import ast
import itertools
import os
import random
import xml.etree.ElementTree as ET

from locust import HttpUser, between, task

DB = os.environ.get("LOAD_DB", "")
# The screens an adviser opens, as the web client loads them: its action (by XML id), the
# view it shows and, for a kanban, the field it groups by (the view's default_group_by).
SCREENS = {
    "customers": ("crm_suite.action_crm_suite_customers", "list"),
    "job cards": ("crm_suite_service.action_crm_suite_job_cards", "kanban"),
    "complaints": ("crm_suite_service.action_crm_suite_complaint", "kanban"),
}
PORTAL_PAGES = ("/my/loyalty", "/my/job-cards", "/my/complaints")


def logins(variable):
    pairs = [pair.split(":", 1) for pair in os.environ.get(variable, "").split(",") if pair]
    return itertools.cycle(pairs or [["admin", "admin"]])


def read_spec(arch, fields):
    """The web_read specification of a view: its fields, a relation's display name and no sub-view."""
    spec = {}

    def walk(node):
        for child in node:
            name = child.get("name")
            if child.tag == "field" and name in fields:
                relational = fields[name].get("relation")
                spec[name] = {"fields": {"display_name": {}}} if relational else {}
                if fields[name]["type"] in ("one2many", "many2many"):
                    spec[name]["limit"] = 40
            else:
                walk(child)

    walk(ET.fromstring(arch))
    return spec


def filter_domain(search_arch, name):
    """The domain of the search view's filter ``name`` if it is a literal (no uid, no dates), else []."""
    for node in ET.fromstring(search_arch).iter("filter"):
        if node.get("name") == name and node.get("domain"):
            try:
                return ast.literal_eval(node.get("domain"))
            except (ValueError, SyntaxError):
                return []
    return []


class OdooClient(HttpUser):
    abstract = True

    def login(self, credentials, name):
        login, password = next(credentials)
        params = {"db": DB, "login": login, "password": password}
        result = self.rpc("/web/session/authenticate", params, name=name)
        self.user_context = dict((result or {}).get("user_context") or {})

    def rpc(self, path, params, name):
        """POST a JSON-RPC call as the web client does; an error in the answer is a failure."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": random.randrange(1 << 30), "params": params}
        with self.client.post(path, json=payload, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            try:
                answer = response.json()
            except ValueError:
                response.failure("not JSON")
                return None
            if "error" in answer:
                error = answer["error"].get("data", {}).get("message") or answer["error"].get("message")
                response.failure(str(error)[:200])
                return None
            return answer.get("result")


class Adviser(OdooClient):
    """A service adviser: the customer list and a customer's form, the job card and complaint kanbans."""

    weight = 3
    wait_time = between(1, 3)
    credentials = logins("LOAD_BACKEND_LOGINS")

    def on_start(self):
        self.login(self.credentials, "backend: login")
        self.screens = {}
        for screen, (action_xmlid, view_type) in SCREENS.items():
            self.screens[screen] = self.open_action(screen, action_xmlid, view_type)
        self.customer_ids = []

    def call_kw(self, model, method, args, kwargs, name):
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self.rpc(f"/web/dataset/call_kw/{model}/{method}", params, name=name)

    def open_action(self, screen, action_xmlid, view_type):
        """What the web client fetches once per screen: the action, then its views."""
        action = self.rpc("/web/action/load", {"action_id": action_xmlid}, name=f"{screen}: load action") or {}
        model = action.get("res_model")
        views = [[view_id or False, kind] for view_id, kind in action.get("views", [])]
        search_view = action.get("search_view_id")
        views.append([search_view[0] if search_view else False, "search"])
        options = {"action_id": action.get("id"), "load_filters": True, "toolbar": True}
        kwargs = {"views": views, "options": options, "context": self.user_context}
        loaded = self.call_kw(model, "get_views", [], kwargs, name=f"{screen}: get_views") or {}
        arch = loaded.get("views", {})
        fields = loaded.get("models", {}).get(model, {})
        fields = fields.get("fields", fields)
        action_context = action.get("context") or {}
        if isinstance(action_context, str):
            try:
                action_context = ast.literal_eval(action_context)
            except (ValueError, SyntaxError):
                action_context = {}
        domain = []
        for key, value in action_context.items():
            if key.startswith("search_default_") and value and "search" in arch:
                domain += filter_domain(arch["search"]["arch"], key.removeprefix("search_default_"))
        screen_view = arch.get(view_type, {}).get("arch", "<list/>")
        return {
            "model": model,
            "domain": domain,
            "spec": read_spec(screen_view, fields),
            "form_spec": read_spec(arch["form"]["arch"], fields) if "form" in arch else {"display_name": {}},
            "group_by": ET.fromstring(screen_view).get("default_group_by"),
            "context": {**self.user_context, "bin_size": True},
        }

    @task(3)
    def customer_list(self):
        screen = self.screens["customers"]
        kwargs = {
            "domain": screen["domain"],
            "specification": screen["spec"],
            "offset": 0,
            "limit": 80,
            "order": "",
            "count_limit": 10001,
            "context": screen["context"],
        }
        result = self.call_kw(screen["model"], "web_search_read", [], kwargs, name="customers: list")
        if result and result.get("records"):
            self.customer_ids = [record["id"] for record in result["records"]]

    @task(3)
    def customer_form(self):
        if not self.customer_ids:
            self.customer_list()
        if not self.customer_ids:
            return
        screen = self.screens["customers"]
        args = [[random.choice(self.customer_ids)]]
        kwargs = {"specification": screen["form_spec"], "context": screen["context"]}
        self.call_kw(screen["model"], "web_read", args, kwargs, name="customers: form")

    def kanban(self, screen_name):
        screen = self.screens[screen_name]
        kwargs = {
            "domain": screen["domain"],
            "groupby": [screen["group_by"]] if screen["group_by"] else [],
            "aggregates": ["__count"],
            "auto_unfold": True,
            "unfold_read_specification": screen["spec"],
            "unfold_read_default_limit": 40,
            "context": screen["context"],
        }
        self.call_kw(screen["model"], "web_read_group", [], kwargs, name=f"{screen_name}: kanban")

    @task(2)
    def job_card_kanban(self):
        self.kanban("job cards")

    @task(2)
    def complaint_kanban(self):
        self.kanban("complaints")


class PortalCustomer(OdooClient):
    """A customer on the portal: their loyalty page, job cards and complaints."""

    weight = 1
    wait_time = between(1, 3)
    credentials = logins("LOAD_PORTAL_LOGINS")

    def on_start(self):
        self.login(self.credentials, "portal: login")

    @task
    def portal_pages(self):
        for page in PORTAL_PAGES:
            with self.client.get(page, name=f"portal: {page}", catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                elif "/web/login" in response.url:
                    response.failure("sent to the login page")
