"""Who may read, write, create and delete each model of the suite, role by role.

The table names every model the suite defines: a new model without its line, or with rights
that differ from it, fails here until its access rules are decided and written down.
"""

from suite_common import MODULES

from odoo.tests import TransactionCase, new_test_user, tagged

OPERATIONS = ("read", "write", "create", "unlink")
ROLES = (
    "public",
    "portal",
    "technician",
    "salesperson",
    "adviser",
    "personal_data",
    "accountant",
    "manager",
    "marketer",
)
NONE = "----"

# Per model, the rights of each role in ROLES' order, as "rwcd" with "-" for refused. The adviser
# is a salesperson of the Service Centre: crm_suite's own groups give nothing of the workshop.
EMPLOYEES_READ = ("----", "----", "r---", "r---", "r---", "r---", "r---", "rwcd", "r---")
SUITE_USERS_READ = ("----", "----", "----", "r---", "r---", "r---", "----", "rwcd", "----")
ENGINE_RECORD = ("----", "----", "----", "r---", "r---", "r---", "----", "r---", "----")  # written by the engines only
PERSONAL_ONLY_READ = ("----", "----", "----", "----", "----", "r---", "----", "r---", "----")
WORKSHOP_WRITES = ("----", "----", "rwc-", "----", "rwc-", "----", "----", "rwcd", "----")
WORKSHOP_READS = ("----", "----", "r---", "----", "r---", "----", "----", "rwcd", "----")
WORKSHOP_ALL = ("----", "----", "rwcd", "----", "rwcd", "----", "----", "rwcd", "----")
ADVISERS_READ = ("----", "----", "----", "----", "r---", "----", "----", "rwcd", "----")
EXPECTED = {
    "crm.suite.abc.history": ENGINE_RECORD,
    "crm.suite.festival": EMPLOYEES_READ,
    # Prepared by the engines or written by hand; salespeople and advisers send them.
    "crm.suite.whatsapp.message": ("----", "----", "----", "rwc-", "rwc-", "rwc-", "----", "rwcd", "----"),
    "crm.suite.whatsapp.compose": ("----", "----", "----", "rwcd", "rwcd", "rwcd", "----", "rwcd", "----"),
    "crm.suite.festival.date": EMPLOYEES_READ,
    "crm.suite.customer.loss": ("----", "----", "----", "rwc-", "rwc-", "rwc-", "----", "rwcd", "----"),
    "crm.suite.lost.business": ("----", "----", "----", "r---", "r---", "r---", "----", "r---", "----"),
    "crm.suite.mark.lost": ("----", "----", "----", "rwcd", "rwcd", "rwcd", "----", "rwcd", "----"),
    "crm.suite.competitor": ("----", "----", "----", "rwc-", "rwc-", "rwc-", "----", "rwcd", "----"),
    "crm.suite.family.member": ("----", "----", "----", "----", "----", "rwcd", "----", "rwcd", "----"),
    "crm.suite.greeting": PERSONAL_ONLY_READ,
    "crm.suite.interest": ("----", "----", "----", "r---", "r---", "rwc-", "----", "rwcd", "----"),
    "crm.suite.occasion": PERSONAL_ONLY_READ,
    "crm.suite.rfm.segment": SUITE_USERS_READ,
    "crm.suite.service.level": EMPLOYEES_READ,
    "crm.suite.service.budget.report": ("----", "----", "----", "r---", "r---", "r---", "----", "r---", "----"),
    # Made by a manager's action as superuser; kept until a manager deletes them.
    "crm.suite.prediction.backtest": ("----", "----", "----", "r---", "r---", "r---", "----", "r--d", "----"),
    "crm.suite.prediction.backtest.line": ENGINE_RECORD,
    # Sales managers approve discounts above the class limit.
    "crm.suite.discount.approval": ("----", "----", "----", "----", "----", "----", "----", "rwc-", "----"),
    "crm.suite.log.call": ("----", "----", "rwcd", "rwcd", "rwcd", "rwcd", "rwcd", "rwcd", "rwcd"),
    "crm.suite.loyalty.tier": EMPLOYEES_READ,
    "crm.suite.loyalty.tier.history": ENGINE_RECORD,
    "crm.suite.service.asset": WORKSHOP_WRITES,
    "crm.suite.service.odometer.reading": WORKSHOP_WRITES,
    "crm.suite.service.checklist.template": WORKSHOP_READS,
    "crm.suite.service.checklist.template.item": WORKSHOP_READS,
    "crm.suite.service.checklist.line": WORKSHOP_ALL,
    "crm.suite.service.problem": WORKSHOP_ALL,
    "crm.suite.service.labour": WORKSHOP_ALL,
    "crm.suite.service.job.report": ("----", "----", "r---", "----", "r---", "----", "----", "r---", "----"),
    "crm.suite.complaint": ("----", "----", "----", "----", "rwc-", "----", "----", "rwcd", "----"),
    "crm.suite.complaint.team": ADVISERS_READ,
    "crm.suite.complaint.category": EMPLOYEES_READ,
    "crm.suite.complaint.stage": EMPLOYEES_READ,
    "crm.suite.sla.policy": ADVISERS_READ,
    "crm.suite.complaint.report": ("----", "----", "----", "----", "r---", "----", "----", "r---", "----"),
    # Advisers and sales managers (all documents) read the satisfaction of service and sales.
    "crm.suite.feedback.report": ("----", "----", "----", "----", "r---", "----", "----", "r---", "----"),
    "crm.suite.service.approval": ("----", "----", "----", "----", "rwc-", "----", "----", "rwc-", "----"),
    "crm.suite.service.free.delivery": ("----", "----", "----", "----", "----", "----", "----", "rwc-", "----"),
    # Email Marketing's users make offers; they and sales managers read what the offers earned.
    "crm.suite.segment.offer": ("----", "----", "----", "----", "----", "----", "----", "----", "rwcd"),
    "crm.suite.offer.result": ("----", "----", "----", "----", "----", "----", "----", "r---", "r---"),
    # Credit: sales and accounting, each salesperson for their own customers (the record rules); the
    # engine alone creates reminders and follow-ups, sales and accounting managers set the levels.
    "crm.suite.reminder.level": ("----", "----", "----", "r---", "r---", "r---", "r---", "rwcd", "----"),
    "crm.suite.credit.follow.up": ("----", "----", "----", "rw--", "rw--", "rw--", "rw--", "rw--", "----"),
    "crm.suite.credit.reminder": ("----", "----", "----", "r---", "r---", "r---", "r---", "r---", "----"),
    "crm.suite.payment.promise": ("----", "----", "----", "rwc-", "rwc-", "rwc-", "rwc-", "rwcd", "----"),
    "crm.suite.credit.ageing": ("----", "----", "----", "r---", "r---", "r---", "r---", "r---", "----"),
    "crm.suite.promise.to.pay": ("----", "----", "----", "rwcd", "rwcd", "rwcd", "rwcd", "rwcd", "----"),
    # Odoo's model: portal users read their job cards through their pages only.
    "repair.order": ("----", "----", "rwcd", "----", "rwcd", "----", "----", "rwcd", "----"),
}
# Money figures: sales staff, managers and accounting; never the workshop, the portal or visitors.
MONEY_FIELDS = {
    "res.partner": (
        "lifetime_value",
        "period_revenue",
        "period_margin",
        "overdue_amount",
        "cost_to_serve",
        "profit_after_service",
        "predicted_lifetime_value",
        "expected_order_value",
        "customer_value_explanation",
        "loyalty_period_amount",
        "next_tier_amount_missing",
        "crm_suite_usual_payment_method",
        "crm_suite_credit_used",
        "crm_suite_credit_available",
        "crm_suite_overdue_amount",
        "crm_suite_ageing_not_due",
        "crm_suite_ageing_0_30",
        "crm_suite_ageing_31_60",
        "crm_suite_ageing_61_90",
        "crm_suite_ageing_90_plus",
        "crm_suite_reminders_paused_until",
    ),
    "sale.order": ("crm_suite_credit_used", "crm_suite_credit_available"),
    "crm.suite.payment.promise": ("amount",),
    "crm.suite.credit.reminder": ("amount_residual",),
    "crm.suite.credit.follow.up": ("overdue_amount",),
    "crm.suite.service.job.report": ("revenue",),
    "crm.suite.customer.loss": ("yearly_revenue",),
    "crm.suite.lost.business": ("amount",),
    # Email Marketing's users see the revenue their offers brought (as Odoo shows it on a mailing),
    # not the margin.
    "crm.suite.offer.result": ("margin",),
}
MONEY_READERS = {"salesperson", "adviser", "personal_data", "accountant", "manager"}
# Segments and engine state: employees only, not even the customer's own portal user.
EMPLOYEE_FIELDS = {
    "res.partner": (
        "rfm_segment",
        "abc_class",
        "lifecycle_stage",
        "loyalty_tier_id",
        "retention_offer_date",
        "probability_alive",
        "expected_purchases",
    ),
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = {
            "portal": "base.group_portal",
            "technician": "crm_suite_service.group_service_technician",
            "salesperson": "crm_suite.group_crm_suite_user",
            "adviser": "crm_suite_service.group_service_adviser",
            "personal_data": "crm_suite.group_crm_suite_user,crm_suite.group_crm_suite_personal_data",
            "accountant": "account.group_account_invoice",
            "manager": "crm_suite_service.group_service_manager",
            "marketer": "base.group_user,mass_mailing.group_mass_mailing_user",
        }
        cls.users = {
            role: new_test_user(cls.env, login=f"matrix_{role}", groups=group) for role, group in groups.items()
        }
        cls.users["public"] = cls.env.ref("base.public_user")

    def _suite_models(self):
        """The models the suite defines (not those it extends)."""
        return {
            name
            for name, model in self.env.registry.items()
            if model._original_module in MODULES and not model._abstract
        }

    def _rights(self, model, user):
        Model = self.env[model].with_user(user)
        return "".join(
            letter if Model.has_access(operation) else "-" for letter, operation in zip("rwcd", OPERATIONS, strict=True)
        )

    def test_every_model_of_the_suite_has_its_line_in_the_table(self):
        self.assertEqual(self._suite_models() - EXPECTED.keys(), set(), "decide these models' rights in EXPECTED")

    def test_each_role_has_the_rights_of_the_table(self):
        actual = {model: tuple(self._rights(model, self.users[role]) for role in ROLES) for model in EXPECTED}
        differences = {
            model: dict(zip(ROLES, rights, strict=True))
            for model, rights in actual.items()
            if rights != EXPECTED[model]
        }
        self.assertEqual(differences, {}, "actual rights that differ from EXPECTED")

    def test_money_figures_are_read_by_sales_and_accounting_only(self):
        for model, field_names in MONEY_FIELDS.items():
            for role in ROLES:
                Model = self.env[model].with_user(self.users[role])
                for name in field_names:
                    with self.subTest(model=model, field=name, role=role):
                        self.assertEqual(Model._has_field_access(Model._fields[name], "read"), role in MONEY_READERS)

    def test_segments_and_tier_state_are_for_employees_only(self):
        for model, field_names in EMPLOYEE_FIELDS.items():
            for role in ("public", "portal"):
                Model = self.env[model].with_user(self.users[role])
                for name in field_names:
                    with self.subTest(model=model, field=name, role=role):
                        self.assertFalse(Model._has_field_access(Model._fields[name], "read"))

    def test_the_workshop_reads_a_customers_class_and_stage_but_not_the_rfm_mapping(self):
        technician = self.users["technician"]
        customer = self.env["res.partner"].create({"name": "Workshop Customer"})
        customer.sudo().write({"abc_class": "A", "lifecycle_stage": "active"})
        self.assertEqual(
            customer.with_user(technician).read(["abc_class", "lifecycle_stage"])[0],
            {"id": customer.id, "abc_class": "A", "lifecycle_stage": "active"},
        )
        self.assertFalse(self.env["crm.suite.rfm.segment"].with_user(technician).has_access("read"))

    def test_accounting_works_without_the_suites_menus(self):
        visible = self.env["ir.ui.menu"].with_user(self.users["accountant"])._visible_menu_ids()
        self.assertNotIn(self.env.ref("crm_suite.menu_crm_suite_root").id, visible)
        self.assertIn(
            self.env.ref("crm_suite.menu_crm_suite_root").id,
            self.env["ir.ui.menu"].with_user(self.users["salesperson"])._visible_menu_ids(),
        )

    def test_every_company_bound_model_has_a_multi_company_rule(self):
        missing = []
        for model in sorted(self._suite_models()):
            if "company_id" not in self.env[model]._fields or self.env[model]._transient:
                continue
            rules = self.env["ir.rule"].search([("model_id.model", "=", model), ("global", "=", True)])
            if not any("company_ids" in rule.domain_force for rule in rules):
                missing.append(model)
        self.assertEqual(missing, [])
