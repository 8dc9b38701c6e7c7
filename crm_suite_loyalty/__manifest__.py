{
    "name": "CRM Suite Loyalty",
    "summary": "Loyalty tiers, points and retention offers on Odoo's loyalty programs",
    "version": "19.0.1.1.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite",
    "license": "LGPL-3",
    "depends": ["crm_suite", "loyalty", "sale_loyalty", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_suite_loyalty_security.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_suite_loyalty_tier_views.xml",
        "views/crm_suite_loyalty_tier_history_views.xml",
        "report/crm_suite_loyalty_members_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_suite_greeting_views.xml",
        "views/loyalty_card_views.xml",
        "views/portal_templates.xml",
        "views/crm_suite_loyalty_menus.xml",
    ],
    "demo": [
        "demo/crm_suite_loyalty_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_suite_loyalty/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
