from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..batch import for_each_safely
from ..occasion_rules import keys_greeted_on
from .res_partner import PERSONAL_DATA

OCCASIONS = [
    ("birthday", "Birthday"),
    ("anniversary", "Wedding Anniversary"),
    ("family_birthday", "Family Birthday"),
    ("festival", "Festival"),
]


class CrmSuiteGreeting(models.Model):
    """One greeting: the log that makes sure an occasion is greeted once a year.

    The greeting's email, SMS and call are posted on the greeting itself, not on the contact:
    a birthday or a family member's name belongs to the Personal Data group, and the contact's
    chatter is open to every employee.
    """

    _name = "crm.suite.greeting"
    _description = "Occasion Greeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Contact", required=True, ondelete="cascade", index=True)
    family_member_id = fields.Many2one("crm.suite.family.member", ondelete="cascade", index="btree_not_null")
    occasion = fields.Selection(OCCASIONS, required=True)
    festival_id = fields.Many2one("crm.suite.festival", ondelete="cascade", index="btree_not_null")
    date = fields.Date(required=True, help="The contact's own day on which the occasion was greeted.")
    year = fields.Integer(required=True)
    channel = fields.Selection(
        [("email", "Email"), ("sms", "SMS"), ("whatsapp", "WhatsApp"), ("activity", "Salesperson's call")],
        required=True,
    )
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("scheduled", "Call scheduled")], default="pending", required=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Salesperson", related="partner_id.user_id", store=True)
    message_id = fields.Many2one("mail.message", ondelete="set null")
    activity_id = fields.Many2one("mail.activity", ondelete="set null")
    whatsapp_message_id = fields.Many2one("crm.suite.whatsapp.message", ondelete="set null")

    # One greeting per contact, family member, occasion (festival) and year, whatever runs at once.
    _once_a_year = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (partner_id, family_member_id, occasion, festival_id, year)",
        "This occasion has already been greeted this year.",
    )

    @api.depends("partner_id", "occasion", "family_member_id", "festival_id", "year")
    def _compute_display_name(self):
        labels = dict(self._fields["occasion"]._description_selection(self.env))
        for greeting in self:
            who = greeting.family_member_id.name or greeting.partner_id.display_name
            what = greeting.festival_id.name or labels.get(greeting.occasion)
            greeting.display_name = f"{what} {greeting.year}: {who}"

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_greetings(self):
        # Runs hourly, so that every time zone gets its greetings on its own day.
        self._send_due_greetings(on_batch_done=self.env["ir.cron"]._commit_progress)

    @api.model
    def _send_due_greetings(self, batch_size=100, on_batch_done=None):
        """Greet the occasions due now, each on the contact's own day and once a year.

        Each greeting is claimed, sent and logged in one transaction (committed per
        batch by the cron): a crash undoes all of it, and a concurrent run waits on the
        claim and then skips it.
        """
        due = self._due_occasions(fields.Datetime.now())
        for start in range(0, len(due), batch_size):
            batch = due[start : start + batch_size]
            for_each_safely(batch, lambda occasion: self._greet(**occasion), "the greeting", cr=self.env.cr)
            if on_batch_done:
                on_batch_done(len(batch))

    @api.model
    def _due_occasions(self, utc_now):
        """Occasions whose day it is now, read through the indexed month/day keys."""
        # Local days on Earth span UTC-12 to UTC+14: at most three calendar days.
        keys = set().union(*(keys_greeted_on((utc_now + timedelta(hours=h)).date()) for h in (-12, 0, 14)))
        eligible = [
            ("is_company", "=", False),
            ("is_deceased", "=", False),
            ("greetings_opt_out", "=", False),
        ]
        Partner = self.env["res.partner"]
        due = []
        for occasion, key_field in (("birthday", "birthday_key"), ("anniversary", "anniversary_key")):
            for partner in Partner.search([(key_field, "in", list(keys)), *eligible]):
                due.append({"partner": partner, "member": None, "occasion": occasion, "key": partner[key_field]})
        members = self.env["crm.suite.family.member"].search(
            [("birthday_key", "in", list(keys))] + [(f"partner_id.{field}", op, value) for field, op, value in eligible]
        )
        for member in members:
            due.append(
                {
                    "partner": member.partner_id,
                    "member": member,
                    "occasion": "family_birthday",
                    "key": member.birthday_key,
                }
            )
        due += self._due_festivals(keys, eligible, utc_now)
        return [occasion for occasion in due if self._is_due(occasion, utc_now)]

    @api.model
    def _due_festivals(self, keys, eligible, utc_now):
        """Festivals dated on one of the days it is somewhere now, with the customers they greet."""
        days = {(utc_now + timedelta(hours=h)).date() for h in (-12, 0, 14)}
        dates = self.env["crm.suite.festival.date"].search(
            [("date", "in", list(days)), ("festival_id.active", "=", True)]
        )
        Partner = self.env["res.partner"]
        due = []
        for festival_date in dates:
            festival = festival_date.festival_id
            # Not those greeted already: each hourly run after the greeting hour reads only who is left.
            greeted = self.search(
                [("festival_id", "=", festival.id), ("year", "=", festival_date.date.year)]
            ).partner_id
            for partner in Partner.search(
                festival._audience_domain() & Domain(eligible) & Domain("id", "not in", greeted.ids)
            ):
                due.append(
                    {
                        "partner": partner,
                        "member": None,
                        "occasion": "festival",
                        "key": None,
                        "festival": festival,
                        "festival_date": festival_date.date,
                    }
                )
        return due

    @api.model
    def _is_due(self, occasion, utc_now):
        partner = occasion["partner"]
        company = partner.company_id or self.env.company
        local_now = pytz.utc.localize(utc_now).astimezone(pytz.timezone(self._partner_tz(partner)))
        occasion["company"] = company
        occasion["day"] = local_now.date()
        key, festival_date = occasion.pop("key"), occasion.pop("festival_date", None)
        if festival_date:
            on_the_day = festival_date == occasion["day"] and occasion["festival"].company_id in (
                company,
                company.browse(),
            )
        else:
            on_the_day = key in keys_greeted_on(occasion["day"])
        return (
            on_the_day
            and local_now.hour >= company.crm_suite_greeting_hour
            and company._crm_suite_greeting_mode(occasion["occasion"]) != "off"
        )

    @api.model
    def _partner_tz(self, partner):
        tz = partner.tz or partner.user_id.tz or self.env.company.partner_id.tz
        return tz if tz in pytz.all_timezones_set else "UTC"

    @api.model
    def _greet(self, partner, member, occasion, company, day, festival=None):
        channel = self._greeting_channel(partner, occasion, company)
        if not channel:
            return self.browse()
        greeting = self._claim(partner, member, occasion, company, day, channel, festival)
        if not greeting:
            return greeting  # greeted already, by this run or another
        if channel == "email":
            greeting._send_email()
        elif channel == "sms":
            greeting._send_sms()
        elif channel == "whatsapp":
            greeting._send_whatsapp()
        else:
            greeting._schedule_call()
        if channel in ("email", "sms") and festival and festival._calls(partner, company):
            greeting._schedule_call()
        return greeting

    @api.model
    def _greeting_channel(self, partner, occasion, company):
        """Email or SMS where the suite can send it, else a call; None when nobody can greet them."""
        if company._crm_suite_greeting_mode(occasion) == "activity":
            return "activity" if self._caller(partner, company) else None
        if partner.preferred_channel == "email":
            return "email" if partner.email and not partner.is_blacklisted else None
        if partner.preferred_channel == "sms":
            return "sms" if partner.phone_sanitized and not partner.phone_blacklisted else None
        caller = self._caller(partner, company)
        if partner.filtered_domain(partner._crm_suite_marketing_channel_domain("whatsapp")):
            return "whatsapp" if caller else None  # prepared by the suite, sent by a click of the caller
        return "activity" if caller else None

    @api.model
    def _caller(self, partner, company):
        """Who calls: the salesperson, else the company's greeting caller, whoever may see personal data."""
        callers = partner.user_id | company.crm_suite_greeting_user_id
        return callers.filtered(lambda user: user.has_group(PERSONAL_DATA))[:1]

    @api.model
    def _claim(self, partner, member, occasion, company, day, channel, festival=None):
        """Insert the log row, or nothing if this occasion was greeted this year."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_suite_greeting
                       (partner_id, family_member_id, occasion, festival_id, date, year, channel, state,
                        company_id, user_id, create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, %s, %s, %s, 'pending', %s, %s, %s, now() at time zone 'UTC', %s,
                        now() at time zone 'UTC')
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                partner.id,
                member.id if member else None,
                occasion,
                festival.id if festival else None,
                day,
                day.year,
                channel,
                company.id,
                partner.user_id.id or None,
                self.env.uid,
                self.env.uid,
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else [])

    def _template_lang_render(self, template, field):
        return template._render_field(field, self.ids, compute_lang=True)[self.id]

    def _gift_html(self):
        """What the greeting carries besides wishes: nothing here, a coupon with crm_suite_loyalty."""
        return Markup()

    def _gift_text(self):
        return ""

    def _send_email(self):
        template = self.env.ref(f"crm_suite.mail_template_greeting_{self.occasion}")
        message = self.message_post(
            body=self._template_lang_render(template, "body_html") + self._gift_html(),
            subject=self._template_lang_render(template, "subject"),
            partner_ids=self.partner_id.ids,
            author_id=self.company_id.partner_id.id,
            email_from=self.company_id.email_formatted or None,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        self.write({"state": "sent", "message_id": message.id})

    def _send_sms(self):
        template = self.env.ref(f"crm_suite.sms_template_greeting_{self.occasion}")
        # Through Odoo's SMS queue, which sends after this transaction commits: a crash before the
        # commit rolls the SMS back with the greeting instead of having sent it already.
        message = self._message_sms(
            self._template_lang_render(template, "body") + self._gift_text(),
            partner_ids=self.partner_id.ids,
            put_in_queue=True,
        )
        self.write({"state": "sent", "message_id": message.id})

    def _send_whatsapp(self):
        """The greeting's text in the contact's language, ready for WhatsApp: one click of the caller's
        activity opens it and logs it (or a connected gateway sends it)."""
        template = self.env.ref(f"crm_suite.sms_template_greeting_{self.occasion}")
        message = self.env["crm.suite.whatsapp.message"]._prepare(
            self.partner_id,
            self._template_lang_render(template, "body") + self._gift_text(),
            record=self,
            company=self.company_id,
        )
        activity = self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.date,
            summary=self.env._("Send %(name)s the greeting on WhatsApp", name=self.partner_id.name),
            note=message._activity_note(),
            user_id=self._caller(self.partner_id, self.company_id).id,
        )
        self.write({"state": "scheduled", "activity_id": activity.id, "whatsapp_message_id": message.id})

    def _schedule_call(self):
        summaries = {
            "birthday": self.env._("Call %(name)s for the birthday", name=self.partner_id.name),
            "anniversary": self.env._("Call %(name)s for the wedding anniversary", name=self.partner_id.name),
            "family_birthday": self.env._(
                "Call %(name)s: %(member)s's birthday", name=self.partner_id.name, member=self.family_member_id.name
            ),
            "festival": self.env._(
                "Call %(name)s for %(festival)s", name=self.partner_id.name, festival=self.festival_id.name
            ),
        }
        activity = self.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=self.date,
            summary=summaries[self.occasion],
            user_id=self._caller(self.partner_id, self.company_id).id,
        )
        if self.state == "pending":
            self.write({"state": "scheduled", "activity_id": activity.id})
