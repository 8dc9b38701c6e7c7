{
    "name": "CRM Suite Service",
    "summary": "Service job cards and complaint tracking for service centres",
    "version": "19.0.1.1.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite",
    "license": "LGPL-3",
    "depends": ["crm_suite", "repair", "survey", "rating", "portal"],
    "data": [
        "security/crm_suite_service_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/crm_suite_service_checklist_data.xml",
        "views/repair_order_views.xml",
        "views/crm_suite_service_asset_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "report/crm_suite_service_job_report_views.xml",
        "report/job_card_reports.xml",
        "views/crm_suite_service_menus.xml",
    ],
    "demo": [
        "demo/crm_suite_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_suite_service/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
