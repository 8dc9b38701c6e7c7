{
    "name": "CRM Suite",
    "summary": "Know every customer: profiles, occasions, timeline, analytics and segments",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite",
    "license": "LGPL-3",
    "depends": ["contacts", "crm", "sale_management", "account", "mail", "utm"],
    "data": [
        "security/crm_suite_security.xml",
        "views/crm_suite_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/product_demo.xml",
        "demo/sales_history_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_suite/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": True,
}
