from odoo import api, fields, models
from odoo.tools import SQL


class CrmSuiteSegmentation(models.AbstractModel):
    """What the salespeople get from the figures: a reminder for each customer past their expected
    next purchase, and the days since the last contact."""

    _inherit = "crm.suite.segmentation"

    @api.model
    def _remind_overdue_customers(self, company, batch_size, on_batch_done=None):
        """One to-do for the salesperson per overdue period; each claim commits with its to-dos.

        Lapsed customers get none: winning them back is a campaign, not a reminder, and
        their to-dos would bury the salesperson's live ones.
        """
        key = str(company.id)
        fallback_user = company.crm_suite_greeting_user_id or self.env.ref("base.user_admin")
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        # No "assigned to you" mail for each of them: the salesperson sees them in their activities.
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET repurchase_reminder_date = COALESCE(p.repurchase_reminder_date, '{}'::jsonb)
                                                      || jsonb_build_object(%(key)s, f.next_purchase_date)
                      FROM crm_suite_figures f
                     WHERE p.id = f.partner_id
                       AND f.partner_id IN (
                            SELECT due.partner_id
                              FROM crm_suite_figures due
                              JOIN res_partner customer ON customer.id = due.partner_id
                             WHERE customer.active AND due.purchase_count > 0
                               AND due.purchase_overdue_days >= GREATEST(%(days)s, 1)
                               AND due.lifecycle_stage != 'lapsed'
                               AND (customer.repurchase_reminder_date ->> %(key)s)
                                   IS DISTINCT FROM due.next_purchase_date::text
                             ORDER BY due.partner_id
                             LIMIT %(batch_size)s)
                       AND (p.repurchase_reminder_date ->> %(key)s) IS DISTINCT FROM f.next_purchase_date::text
                 RETURNING p.id
                    """,
                    key=key,
                    days=company.crm_suite_repurchase_reminder_days,
                    batch_size=batch_size,
                )
            )
            partner_ids = [row[0] for row in self.env.cr.fetchall()]
            if not partner_ids:
                return
            self.env["res.partner"].invalidate_model(["repurchase_reminder_date"])
            partners = self.env["res.partner"].with_company(company).browse(partner_ids)
            Activity.create(
                [
                    {
                        "res_model_id": partner_model,
                        "res_id": partner.id,
                        "activity_type_id": todo_type.id,
                        "user_id": (partner.user_id or fallback_user).id,
                        "date_deadline": fields.Date.context_today(self),
                        "summary": self.env._(
                            "%(name)s is due to buy again (expected on %(day)s)",
                            name=partner.name,
                            day=partner.next_purchase_date,
                        ),
                    }
                    for partner in partners
                ]
            )
            if on_batch_done:
                on_batch_done(len(partner_ids))

    @api.model
    def _refresh_days_since_last_contact(self):
        """The days since each contacted customer's last contact, rewritten only where they changed
        (a second run the same day writes nothing)."""
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner SET days_since_last_contact = %(today)s - last_contact_datetime::date
                    WHERE last_contact_datetime IS NOT NULL
                      AND days_since_last_contact IS DISTINCT FROM %(today)s - last_contact_datetime::date""",
                today=fields.Date.context_today(self),
            )
        )
