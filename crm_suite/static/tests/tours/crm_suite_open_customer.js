import { registry } from "@web/core/registry";
import { openCrmSuiteCustomers } from "./crm_suite_tour_utils";

registry.category("web_tour.tours").add("crm_suite_open_customer", {
    url: "/odoo",
    steps: () => [
        ...openCrmSuiteCustomers(),
        {
            content: "Search for the customer",
            trigger: ".o_searchview_input",
            run: "edit Tour Customer Kapoor",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Wait for the search to apply",
            trigger: ".o_searchview_facet:contains(Tour Customer Kapoor)",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row td.o_data_cell:contains(Tour Customer Kapoor)",
            run: "click",
        },
        {
            content: "The customer's form is shown",
            trigger: ".o_breadcrumb .active:contains(Tour Customer Kapoor)",
        },
    ],
});
