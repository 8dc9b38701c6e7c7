import { stepUtils } from "@web_tour/tour_utils";

/** From the home screen to CRM Suite > Customers. */
export function openCrmSuiteCustomers() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the CRM Suite app",
            trigger: '.o_app[data-menu-xmlid="crm_suite.menu_crm_suite_root"]',
            run: "click",
        },
        {
            content: "Go to the customers",
            trigger: '.o_main_navbar [data-menu-xmlid="crm_suite.menu_crm_suite_customers"]',
            run: "click",
        },
    ];
}
