PORTAL_RULES = (
    "rule_repair_order_portal",
    "rule_crm_suite_service_asset_portal",
    "rule_crm_suite_service_problem_portal",
    "rule_crm_suite_complaint_portal",
)


def migrate(cr, version):
    """Portal users lost their access rights to job cards and complaints (their pages read them as
    superuser): the record rules that filtered those rights were loaded as noupdate, so Odoo keeps
    them unless removed here."""
    cr.execute(
        """
        DELETE FROM ir_rule WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'crm_suite_service' AND model = 'ir.rule' AND name IN %s)
        """,
        (PORTAL_RULES,),
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'crm_suite_service' AND model = 'ir.rule' AND name IN %s",
        (PORTAL_RULES,),
    )
