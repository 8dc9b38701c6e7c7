{
    "name": "CRM Suite Loyalty",
    "summary": "Loyalty tiers, points and retention offers on Odoo's loyalty programs",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite",
    "license": "LGPL-3",
    "depends": ["crm_suite", "loyalty", "sale_loyalty", "portal"],
    "data": [
        "views/res_config_settings_views.xml",
        "views/crm_suite_greeting_views.xml",
        "views/crm_suite_loyalty_menus.xml",
    ],
    "installable": True,
}
