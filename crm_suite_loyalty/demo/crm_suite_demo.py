from odoo import Command, api, models


class CrmSuiteDemo(models.AbstractModel):
    _inherit = "crm.suite.demo"

    @api.model
    def _setup_loyalty_tiers(self, tiers, points_program):
        """The demo company's ladder and points program, then every customer's tier."""
        company = self._demo_company()
        Tier = self.env["crm.suite.loyalty.tier"]
        if not Tier.search_count([("company_id", "=", company.id)]):
            # Each tier's name and benefits in Hindi too: they reach Hindi-speaking members' portal and emails.
            hindi = [{"name": values.pop("name_hi"), "benefits": values.pop("benefits_hi")} for values in tiers]
            created = Tier.create([dict(values, company_id=company.id) for values in tiers])
            for tier, values in zip(created, hindi, strict=True):
                tier.with_context(lang="hi_IN").write(values)
        Program = self.env["loyalty.program"].with_company(company)
        if not Program.search_count([("company_id", "=", company.id), ("program_type", "=", "loyalty")]):
            Program.create(
                dict(
                    points_program,
                    company_id=company.id,
                    currency_id=company.currency_id.id,
                    rule_ids=[Command.create(rule) for rule in points_program["rule_ids"]],
                    reward_ids=[Command.create(reward) for reward in points_program["reward_ids"]],
                )
            )
        self.env["crm.suite.loyalty.evaluation"].with_company(company)._evaluate(company)
