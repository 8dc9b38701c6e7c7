from odoo import api, models
from odoo.tools import SQL

from .crm_suite_segmentation import DERIVED_COLUMNS, FIGURE_COLUMNS


class CrmSuiteSegmentation(models.AbstractModel):
    """The figures onto res.partner: only the customers whose figures changed, the class a manager
    overrides, and the class history."""

    _inherit = "crm.suite.segmentation"

    @api.model
    def _class_sql(self, company, today, computed_class=None):
        """The class a customer (``p``) holds: a running manual override, else the computed class
        (the figures' ``f.abc_computed_class``, or the SQL given). The one rule of the override, for
        the nightly write-back and the manager's override alike."""
        key = str(company.id)
        return SQL(
            """CASE WHEN p.abc_override_class ->> %(key)s IS NOT NULL
                         AND COALESCE((p.abc_override_until ->> %(key)s)::date, %(today)s) >= %(today)s
                    THEN p.abc_override_class ->> %(key)s
                    ELSE %(computed_class)s END""",
            key=key,
            today=today,
            computed_class=computed_class or SQL("f.abc_computed_class"),
        )

    @api.model
    def _record_class_changes(self, company, today, low, high):
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_suite_abc_history
                       (partner_id, company_id, date, from_class, to_class,
                        user_id, create_uid, create_date, write_uid, write_date)
                SELECT f.partner_id, %(company_id)s, %(today)s, p.abc_class ->> %(key)s, %(new_class)s,
                       %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM crm_suite_figures f
                  JOIN res_partner p ON p.id = f.partner_id
                 WHERE f.partner_id BETWEEN %(low)s AND %(high)s
                   AND (p.abc_class ->> %(key)s) IS DISTINCT FROM %(new_class)s
                ON CONFLICT (partner_id, company_id, date) DO NOTHING
                """,
                company_id=company.id,
                key=str(company.id),
                today=today,
                new_class=self._class_sql(company, today),
                uid=self.env.uid,
                low=low,
                high=high,
            )
        )

    @api.model
    def _update_query(self, company, today, lifespan, low=None, high=None):
        """The UPDATE writing the figures (of the temporary ``crm_suite_figures``) of customers
        ``low`` to ``high`` (all by default)."""
        key = str(company.id)
        values = [(column, SQL.identifier("f", column)) for column in FIGURE_COLUMNS]
        values += [
            (
                # The expected margin the models predict; the rule of thumb while no model is fitted.
                "predicted_lifetime_value",
                SQL(
                    """ROUND(CASE WHEN pr.partner_id IS NOT NULL
                                  THEN pr.discounted_purchases * pr.expected_order_value
                                  ELSE f.average_order_value * f.purchases_per_year * %s::numeric END
                             * GREATEST(f.margin_rate, 0) / 100, 2)""",
                    lifespan,
                ),
            ),
            ("abc_class", self._class_sql(company, today)),
            ("probability_alive", SQL("ROUND(100 * pr.probability_alive, 1)")),
            ("expected_purchases", SQL("ROUND(pr.expected_purchases, 2)")),
            ("expected_order_value", SQL("ROUND(pr.expected_order_value, 2)")),
        ]
        assignments = [self._company_value_assignment(column, company, value) for column, value in values]
        # Rows whose figures did not change are left alone: res.partner carries many
        # indexes, and most customers' figures hold from one night to the next. One digest
        # of the new values is compared, not thirty jsonb columns read and compared.
        fingerprint = SQL("md5(ROW(%s)::text)", SQL(", ").join(value for _column, value in values))
        assignments.append(
            SQL(
                "figures_fingerprint = COALESCE(p.figures_fingerprint, '{}'::jsonb) || jsonb_build_object(%s, %s)",
                key,
                fingerprint,
            )
        )
        changes = [
            SQL("(p.figures_fingerprint ->> %s) IS DISTINCT FROM %s", key, fingerprint),
            SQL("(f.purchase_count > 0 AND p.customer_status <> 'existing')"),
            SQL("p.customer_since_date > f.first_purchase_date"),
            SQL("(p.customer_since_date IS NULL AND f.first_purchase_date IS NOT NULL)"),
        ]
        return SQL(
            """
            UPDATE res_partner p
               SET %(assignments)s,
                   customer_status = CASE WHEN f.purchase_count > 0 THEN 'existing' ELSE p.customer_status END,
                   customer_since_date = LEAST(p.customer_since_date, f.first_purchase_date)
              FROM crm_suite_figures f
              LEFT JOIN crm_suite_predictions pr ON pr.partner_id = f.partner_id
             WHERE p.id = f.partner_id %(in_batch)s
               AND (%(changed)s)
            """,
            assignments=SQL(", ").join(assignments),
            in_batch=SQL("AND f.partner_id BETWEEN %s AND %s", low, high) if low is not None else SQL(),
            changed=SQL(" OR ").join(changes),
        )

    @api.model
    def _company_value_assignment(self, column, company, value):
        """``column = ...`` setting the company's value of a company-dependent column of ``p``.

        No value is no key, never a JSON null: Odoo reads a missing key as the field's default.
        API for the add-ons that write company-dependent figures of their own in SQL (the tiers).
        """
        return SQL(
            "%(column)s = (COALESCE(p.%(column)s, '{}'::jsonb) - %(key)s)"
            " || jsonb_strip_nulls(jsonb_build_object(%(key)s, %(value)s))",
            column=SQL.identifier(column),
            key=str(company.id),
            value=value,
        )

    @api.model
    def _forget_former_customers(self, company):
        """Customers left with nothing in the company (cancelled invoices) lose its figures."""
        key = str(company.id)
        columns = (*FIGURE_COLUMNS, *DERIVED_COLUMNS, "figures_fingerprint")
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET %(removals)s
                 WHERE p.purchase_count ? %(key)s
                   AND NOT EXISTS (SELECT 1 FROM crm_suite_figures f WHERE f.partner_id = p.id)
                """,
                removals=SQL(", ").join(
                    SQL("%(column)s = p.%(column)s - %(key)s", column=SQL.identifier(column), key=key)
                    for column in columns
                ),
                key=key,
            )
        )
