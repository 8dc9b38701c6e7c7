from odoo import models
from odoo.tools import SQL


class PrivacyLookupWizard(models.TransientModel):
    _inherit = "privacy.lookup.wizard"

    def _get_query(self):
        """List the family members and greetings of the people looked up, so they can be erased.

        Odoo's lookup skips records that cascade with the partner; these hold personal
        data of their own (a child's birthday, the dates of greetings), and family
        members are also found by their own name.
        """
        return SQL(
            """
            %s
            UNION ALL
            SELECT %s AS res_model_id, id AS res_id, True AS is_active
              FROM crm_suite_family_member
             WHERE partner_id IN (SELECT id FROM indirect_references) OR name ILIKE %s
            UNION ALL
            SELECT %s AS res_model_id, id AS res_id, True AS is_active
              FROM crm_suite_greeting
             WHERE partner_id IN (SELECT id FROM indirect_references)
            """,
            super()._get_query(),
            self.env["ir.model"]._get_id("crm.suite.family.member"),
            self.name.strip(),
            self.env["ir.model"]._get_id("crm.suite.greeting"),
        )
