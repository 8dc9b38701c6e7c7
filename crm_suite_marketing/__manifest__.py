{
    "name": "CRM Suite Marketing",
    "summary": "Offers to customer segments through Odoo's Email and SMS Marketing, with coupons and results",
    "version": "19.0.1.0.0",
    "category": "Marketing/Email Marketing",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite",
    "license": "LGPL-3",
    "depends": ["crm_suite_loyalty", "mass_mailing_sms", "mass_mailing_sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_suite_marketing_security.xml",
        "data/ir_cron_data.xml",
        "wizard/crm_suite_segment_offer_views.xml",
        "views/mailing_mailing_views.xml",
        "report/crm_suite_offer_result_views.xml",
        "views/res_partner_views.xml",
        "views/crm_suite_marketing_menus.xml",
    ],
    "demo": [
        "demo/crm_suite_marketing_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_suite_marketing/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
