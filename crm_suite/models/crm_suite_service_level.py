from odoo import fields, models

from .res_partner import ABC_CLASSES, SERVICE_PRIORITIES


class CrmSuiteServiceLevel(models.Model):
    """What an ABC class is worth serving: other modules read it through res.partner
    (``_crm_suite_service_level``, ``_crm_suite_discount_limit``, ``_crm_suite_service_priority``).

    Complaint response targets per class are the SLA policies' (crm_suite_service), not here.
    """

    _name = "crm.suite.service.level"
    _description = "Service Level per ABC Class"
    _order = "company_id, abc_class"
    _check_company_auto = True

    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    max_discount_percent = fields.Float(
        string="Maximum Discount (%)",
        help="The highest discount a salesperson may give a customer of this class on a quotation line, beyond"
        " what the pricelist gives, and the highest percentage off that a coupon of CRM Suite may carry for"
        " them. Above it, a sales manager approves with a reason. 0 for no limit.",
    )
    service_priority = fields.Selection(
        SERVICE_PRIORITIES,
        default=SERVICE_PRIORITIES[0][0],
        required=True,
        help="The priority the complaints and job cards of this class's customers start from"
        " (the loyalty tier's, when higher, wins).",
    )
    cost_to_serve_budget = fields.Monetary(
        string="Cost-to-Serve Budget", help="What serving one customer of this class may cost over the period."
    )

    _class_per_company = models.Constraint(
        "UNIQUE(company_id, abc_class)", "Each ABC class has one service level per company."
    )
