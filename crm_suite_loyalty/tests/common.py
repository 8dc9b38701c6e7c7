from datetime import date

from odoo import Command
from odoo.tests import TransactionCase


class LoyaltyTierCase(TransactionCase):
    """A company of its own with a four-level ladder, and invoices made the way users make them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Tier Traders", "currency_id": cls.env.ref("base.INR").id})
        cls.env.user.company_ids |= cls.company
        cls.env["account.chart.template"].try_loading("generic_coa", cls.company, install_demo=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.company.crm_suite_tier_grace_days = 90
        cls.product = cls.env["product.product"].create({"name": "Service Kit", "type": "service", "list_price": 1000})
        Tier = cls.env["crm.suite.loyalty.tier"]
        cls.bronze = Tier.create({"name": "Bronze", "sequence": 10, "min_purchases": 1})
        cls.silver = Tier.create(
            {"name": "Silver", "sequence": 20, "min_amount": 20000, "maintain_amount": 16000, "min_purchases": 5}
        )
        cls.gold = Tier.create(
            {
                "name": "Gold",
                "sequence": 30,
                "min_amount": 50000,
                "maintain_amount": 40000,
                "discount_percent": 5,
                "points_multiplier": 2,
                "service_priority": "2",
            }
        )
        cls.platinum = Tier.create({"name": "Platinum", "sequence": 40, "min_amount": 100000, "maintain_amount": 80000})

    def _customer(self, name="Tier Customer", **values):
        """A customer who agreed to marketing emails, unless ``values`` says otherwise."""
        values = {"consent_email": True, **values, "name": name, "email": f"{name.split()[-1].lower()}@example.com"}
        return self.env["res.partner"].create(values)

    def _invoice(self, partner, amount, move_type="out_invoice", day=None):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": amount, "tax_ids": [Command.clear()]})
                ],
            }
        )
        move.action_post()
        return move

    def _evaluate(self, partners=None):
        return self.env["crm.suite.loyalty.evaluation"]._evaluate(self.company, partners.ids if partners else None)


class GreetingGiftCase(TransactionCase):
    """Meera's birthday on 15 March, greeted by email with a coupon of the company's greeting program
    valid ``coupon_days``; no discount limit unless a test sets one. Run it at 10:30 in Pune."""

    coupon_days = 30

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Birthday treat",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [Command.create({"reward_type": "discount", "discount": 10, "required_points": 1})],
            }
        )
        cls.env.company.write(
            {
                "crm_suite_birthday_greeting": "send",
                "crm_suite_greeting_hour": 9,
                "crm_suite_greeting_program_id": cls.program.id,
                "crm_suite_greeting_coupon_days": cls.coupon_days,
            }
        )
        cls.env["res.partner"].search([("birthday_key", "=", 315)]).birthday = False
        cls.env["crm.suite.service.level"].search([("company_id", "=", cls.env.company.id)]).max_discount_percent = 0
        cls.meera = cls.env["res.partner"].create(
            {
                "name": "Meera Kulkarni",
                "email": "meera@example.in",
                "phone": "+91 98220 14521",
                "tz": "Asia/Kolkata",
                "birthday": date(1985, 3, 15),
                "consent_email": True,
            }
        )

    def _greeting(self):
        self.env["crm.suite.greeting"]._send_due_greetings()
        return self.env["crm.suite.greeting"].search([("partner_id", "=", self.meera.id)])
