{
    "name": "CRM Suite Service and Loyalty",
    "summary": "Satisfaction after service and sale by loyalty tier",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite",
    "license": "LGPL-3",
    "depends": ["crm_suite_service", "crm_suite_loyalty"],
    "data": [
        "report/crm_suite_feedback_report_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
