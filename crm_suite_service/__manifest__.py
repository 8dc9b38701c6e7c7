{
    "name": "CRM Suite Service",
    "summary": "Service job cards and complaint tracking for service centres",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite",
    "license": "LGPL-3",
    "depends": ["crm_suite", "repair", "survey", "rating", "portal"],
    "data": [
        "security/crm_suite_service_security.xml",
        "views/crm_suite_service_menus.xml",
    ],
    "installable": True,
}
