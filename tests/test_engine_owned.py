"""What the engines decide cannot be written by any user: not over RPC, an import or a default.

Figures, classes, tiers and their dates, offer markers, SLA clocks, escalation and sent markers
are written only by the crons and the sanctioned buttons (as superuser); a forged value would
make the engines pay out, notify or skip again.
"""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

# At least these are the engines' (engine_owned=True): removing the flag from one fails the test.
ENGINE_OWNED = {
    "res.partner": {
        "lifetime_value",
        "abc_class",
        "abc_computed_class",
        "rfm_segment",
        "lifecycle_stage",
        "figures_fingerprint",
        "last_contact_datetime",
        "loyalty_tier_id",
        "loyalty_tier_since",
        "loyalty_tier_below_since",
        "retention_offer_date",
        "winback_offer_date",
        "anniversary_gift_date",
        "retention_coupon_id",
        "loyalty_tier_warned_date",
        "probability_alive",
        "expected_purchases",
        "expected_order_value",
        "predicted_lifetime_value",
    },
    "crm.suite.complaint": {
        "first_response_datetime",
        "is_response_breached",
        "is_resolution_breached",
        "response_warning_sent",
        "escalation_level",
        "sla_paused_hours",
        "response_promised_datetime",
        "credit_note_id",
    },
    "loyalty.card": {"crm_suite_expiry_warned"},
    "res.company": {
        "crm_suite_bgnbd_r",
        "crm_suite_bgnbd_alpha",
        "crm_suite_bgnbd_a",
        "crm_suite_bgnbd_b",
        "crm_suite_gg_p",
        "crm_suite_gg_q",
        "crm_suite_gg_v",
        "crm_suite_prediction_fit_date",
        "crm_suite_prediction_customer_count",
        "crm_suite_prediction_status",
    },
    "crm.suite.service.asset": {"service_reminded_for_date", "next_service_date"},
    "repair.order": {"approval_datetime", "delivered_datetime", "promise_warning_sent", "is_on_time", "is_comeback"},
}
ROLES = {
    "administrator": "base.group_system",
    "technician": "crm_suite_service.group_service_technician",
    "salesperson": "crm_suite.group_crm_suite_user",
    "adviser": "crm_suite_service.group_service_adviser",
    "accountant": "account.group_account_invoice,sales_team.group_sale_salesman",
    "manager": "crm_suite_service.group_service_manager",
}


@tagged("post_install", "-at_install")
class TestEngineOwnedFields(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            role: new_test_user(cls.env, login=f"forger_{role}", groups=groups) for role, groups in ROLES.items()
        }
        cls.users = list(cls.roles.values())
        cls.customer = cls.env["res.partner"].create({"name": "Forged Figures Ltd", "email": "forged@example.com"})
        cls.complaint = cls.env["crm.suite.complaint"].create({"name": "Late delivery", "partner_id": cls.customer.id})

    def _record(self, model):
        if model == "res.partner":
            return self.customer
        if model == "crm.suite.complaint":
            return self.complaint
        return self.env[model].search([], limit=1)

    def test_the_engines_fields_are_marked(self):
        for model, names in ENGINE_OWNED.items():
            self.assertLessEqual(names, self.env[model]._engine_owned_fields(), model)

    def test_no_role_writes_an_engine_field(self):
        for model in ENGINE_OWNED:
            record = self._record(model)
            for user in self.users:
                for name in self.env[model]._engine_owned_fields():
                    with self.subTest(model=model, field=name, user=user.login), self.assertRaises(AccessError):
                        record.with_user(user).write({name: False})

    def test_no_role_creates_with_an_engine_field_nor_gets_one_by_default(self):
        gold = self.env["crm.suite.loyalty.tier"].search([("company_id", "=", self.env.company.id)], limit=1)
        for user in (self.roles[role] for role in ("salesperson", "accountant", "manager")):
            Partner = self.env["res.partner"].with_user(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Partner.create({"name": "Class A from the start", "abc_class": "A"})
            # A kanban column's quick create sends a context default; a user may keep their own ir.default.
            by_context = Partner.with_context(default_abc_class="A").create({"name": "Class A by default"})
            self.env["ir.default"].with_user(user).set("res.partner", "loyalty_tier_id", gold.id, user_id=True)
            by_user_default = Partner.create({"name": "Gold by my default"})
            # Odoo applies a user's default even when the code creates as superuser.
            by_sudo = Partner.sudo().create({"name": "Gold by my default, as superuser"})
            with self.subTest(user=user.login):
                self.assertEqual(by_context.name, "Class A by default", "an ordinary contact is still created")
                self.assertFalse(by_context.abc_class)
                self.assertFalse((by_user_default | by_sudo).loyalty_tier_id)

    def test_merging_contacts_still_works_and_moves_figures_only_as_odoo_does(self):
        duplicate = self.env["res.partner"].create({"name": "Forged Figures Limited", "email": "forged@example.com"})
        self.customer.sudo().abc_class = "B"
        admin = self.env.ref("base.user_admin")  # an administrator, not the superuser
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(admin)
            .create({"partner_ids": [(6, 0, (self.customer | duplicate).ids)], "dst_partner_id": duplicate.id})
        )
        wizard.action_merge()  # Odoo writes every field back onto the kept contact, engine fields too
        self.assertFalse(self.customer.exists())
        # Odoo's merge carries per-company values over in SQL, from the merged contact's own;
        # the next run recomputes them from the merged history.
        self.assertEqual(duplicate.abc_class, "B")

    def test_merging_contacts_keeps_the_kept_contacts_own_figures(self):
        kept = self.env["res.partner"].create({"name": "Kept Traders", "email": "kept@example.com"})
        kept.sudo().abc_class = "A"
        self.customer.sudo().abc_class = "B"
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.env.ref("base.user_admin"))
            .create({"partner_ids": [(6, 0, (self.customer | kept).ids)], "dst_partner_id": kept.id})
        )
        wizard.action_merge()
        self.assertFalse(self.customer.exists())
        self.assertEqual(kept.abc_class, "A")

    def test_a_salesperson_duplicates_a_customer_without_its_figures_or_personal_data(self):
        self.customer.sudo().write({"abc_class": "A", "birthday": "1980-05-01"})
        copy = self.customer.with_user(self.roles["salesperson"]).copy()
        self.assertFalse(copy.abc_class)
        self.assertFalse(copy.sudo().birthday, "the salesperson may not read it, so it is not copied either")

    def test_the_managers_override_is_the_sanctioned_way_with_a_reason_and_history(self):
        manager = self.roles["manager"]
        self.customer.with_user(manager).write({"abc_override_class": "A", "abc_override_reason": "Key account"})
        self.assertEqual(self.customer.abc_class, "A")
        history = self.env["crm.suite.abc.history"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual((history.to_class, history.reason), ("A", "Key account"))
        with self.assertRaises(AccessError):
            history.with_user(manager).write({"to_class": "C"})
