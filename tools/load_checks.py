"""What must not happen twice under load: one query per kind of record the suite sends or makes."""

from suite_databases import psql


def sql_list(values):
    return ", ".join(f"'{value}'" for value in values)


# Each query lists what went out more than once; `{start}` is when the run began (UTC).
# A rule's own table is checked whole; messages, activities, coupons and SMS only where
# a copy was made during the run (the demo data may legitimately repeat itself).
DUPLICATE_CHECKS = {
    "greeting twice for a contact, occasion and day": """
        SELECT partner_id, occasion, date, count(*) FROM crm_suite_greeting
         GROUP BY partner_id, family_member_id, occasion, date HAVING count(*) > 1""",
    "greeting twice for a contact, occasion and year": """
        SELECT partner_id, occasion, year, count(*) FROM crm_suite_greeting
         GROUP BY partner_id, family_member_id, occasion, year HAVING count(*) > 1""",
    "coupon twice for a customer and program on one day": """
        SELECT partner_id, program_id, create_date::date, count(*) FROM loyalty_card
         WHERE partner_id IS NOT NULL
         GROUP BY partner_id, program_id, create_date::date
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "tier change recorded twice": """
        SELECT partner_id, company_id, date, to_tier_id, count(*) FROM crm_suite_loyalty_tier_history
         GROUP BY partner_id, company_id, date, from_tier_id, to_tier_id
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "message posted twice on a record": """
        SELECT model, res_id, left(coalesce(subject, ''), 60), count(*) FROM mail_message
         WHERE body IS NOT NULL AND body != '' AND model IS NOT NULL
         GROUP BY model, res_id, message_type, subject, body
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "email queued twice for a message and recipient": """
        SELECT mail.mail_message_id, rel.res_partner_id, count(*) FROM mail_mail mail
          JOIN mail_mail_res_partner_rel rel ON rel.mail_mail_id = mail.id
         GROUP BY mail.mail_message_id, rel.res_partner_id
        HAVING count(*) > 1 AND max(mail.create_date) >= '{start}'""",
    "SMS twice to a number": """
        SELECT partner_id, number, count(*) FROM sms_sms
         GROUP BY partner_id, number, body, create_date::date
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
    "activity scheduled twice": """
        SELECT res_model, res_id, left(coalesce(summary, ''), 60), count(*) FROM mail_activity
         GROUP BY res_model, res_id, activity_type_id, summary, date_deadline, user_id
        HAVING count(*) > 1 AND max(create_date) >= '{start}'""",
}


# What the run made, for the report: proof that the crons had work to do.
MADE_DURING_RUN = {
    "greetings": "SELECT count(*) FROM crm_suite_greeting WHERE create_date >= '{start}'",
    "coupons": "SELECT count(*) FROM loyalty_card WHERE create_date >= '{start}'",
    "tier changes": "SELECT count(*) FROM crm_suite_loyalty_tier_history WHERE create_date >= '{start}'",
    "messages": "SELECT count(*) FROM mail_message WHERE create_date >= '{start}'",
    "activities": "SELECT count(*) FROM mail_activity WHERE create_date >= '{start}'",
    "SMS": "SELECT count(*) FROM sms_sms WHERE create_date >= '{start}'",
}


def duplicates(conn, database, start):
    """{check: rows} of the checks that found something sent twice."""
    found = {}
    for check, query in DUPLICATE_CHECKS.items():
        rows = psql(conn, database, query.format(start=start))
        if rows:
            found[check] = rows.splitlines()
    return found
