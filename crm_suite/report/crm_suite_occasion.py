from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.crm_suite_greeting import OCCASIONS


class CrmSuiteOccasion(models.Model):
    """Each contact's coming birthday, anniversary and family birthdays, as of today."""

    _name = "crm.suite.occasion"
    _description = "Upcoming Occasion"
    _auto = False
    _order = "occasion_date, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": ["birthday", "anniversary_date", "user_id", "company_id", "active", "is_deceased"],
        "crm.suite.family.member": ["partner_id", "birthday"],
    }

    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    family_member_id = fields.Many2one("crm.suite.family.member", readonly=True)
    occasion = fields.Selection(OCCASIONS, readonly=True)
    occasion_date = fields.Date(string="Date", readonly=True)
    origin_date = fields.Date(string="Since", readonly=True, help="The date of birth or of the wedding.")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The next anniversary from today; 29 February falls on the 28th in common years.
        next_date = SQL(
            """
            (SELECT MIN(candidate) FROM (
                SELECT make_date(y, EXTRACT(MONTH FROM o.origin_date)::int,
                       CASE WHEN EXTRACT(MONTH FROM o.origin_date) = 2 AND EXTRACT(DAY FROM o.origin_date) = 29
                                 AND NOT (mod(y, 4) = 0 AND (mod(y, 100) <> 0 OR mod(y, 400) = 0))
                            THEN 28 ELSE EXTRACT(DAY FROM o.origin_date)::int END) AS candidate
                  FROM (VALUES (EXTRACT(YEAR FROM CURRENT_DATE)::int),
                               (EXTRACT(YEAR FROM CURRENT_DATE)::int + 1)) AS years(y)
            ) AS candidates WHERE candidate >= CURRENT_DATE)
            """
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    WITH occasions AS (
                        SELECT p.id * 4 AS id, p.id AS partner_id, NULL::int AS family_member_id,
                               'birthday' AS occasion, p.birthday AS origin_date
                          FROM res_partner p WHERE p.birthday IS NOT NULL
                        UNION ALL
                        SELECT p.id * 4 + 1, p.id, NULL, 'anniversary', p.anniversary_date
                          FROM res_partner p WHERE p.anniversary_date IS NOT NULL
                        UNION ALL
                        SELECT f.id * 4 + 2, f.partner_id, f.id, 'family_birthday', f.birthday
                          FROM crm_suite_family_member f WHERE f.birthday IS NOT NULL
                    )
                    SELECT o.id, o.partner_id, o.family_member_id, o.occasion, o.origin_date,
                           %s AS occasion_date, p.user_id, p.company_id
                      FROM occasions o
                      JOIN res_partner p ON p.id = o.partner_id
                     WHERE p.active AND NOT COALESCE(p.is_deceased, FALSE)
                )
                """,
                SQL.identifier(self._table),
                next_date,
            )
        )

    @api.depends("occasion", "partner_id", "family_member_id")
    def _compute_display_name(self):
        # The calendar shows the name: say which occasion, not only its colour.
        labels = dict(self._fields["occasion"]._description_selection(self.env))
        for occasion in self:
            whose = occasion.family_member_id.name or occasion.partner_id.name
            occasion.display_name = self.env._(
                "%(occasion)s: %(name)s", occasion=labels.get(occasion.occasion, ""), name=whose
            )
