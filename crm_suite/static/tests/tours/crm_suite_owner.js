import { registry } from "@web/core/registry";
import { openCrmSuiteCustomers } from "./crm_suite_tour_utils";

function openReport(xmlid) {
    return [
        {
            trigger: '.o_main_navbar button[data-menu-xmlid="crm_suite.menu_crm_suite_reporting"]',
            run: "click",
        },
        {
            trigger: `.dropdown-item[data-menu-xmlid="${xmlid}"]`,
            run: "click",
        },
    ];
}

// The owner looks over the customers, the coming occasions and the reports.
registry.category("web_tour.tours").add("crm_suite_owner", {
    url: "/odoo",
    steps: () => [
        ...openCrmSuiteCustomers(),
        {
            content: "Open a customer",
            trigger: ".o_data_row td.o_data_cell:contains(Tour Owner Customer Iyer)",
            run: "click",
        },
        {
            content: "Their analytics",
            trigger: ".o_notebook .nav-link:contains(Customer analytics)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=purchase_count]:contains(2)",
        },
        {
            content: "The model's prediction, told with the customer's numbers",
            trigger: ".o_field_widget[name=customer_value_explanation]:contains(likely still a customer)",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Personal profile)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=birthday]:contains(1980)",
        },
        ...openReport("crm_suite.menu_crm_suite_customer_analytics"),
        {
            trigger: ".o_action_manager .o_view_controller:not(.o_view_sample_data)",
        },
        ...openReport("crm_suite.menu_crm_suite_abc_pareto"),
        {
            content: "The Pareto curve with the class limits across it",
            trigger: ".o_graph_renderer canvas[aria-label='A up to 80%, B up to 95%']",
        },
        ...openReport("crm_suite.menu_crm_suite_prediction_backtest"),
        {
            trigger: "button[name=action_run]:contains(Run a Backtest)",
        },
        {
            content: "Last backtest: predicted against actual purchases",
            trigger: ".o_data_row td.o_data_cell:contains(1,234)",
            run: "click",
        },
        {
            content: "Its deciles",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(10)",
        },
        ...openReport("crm_suite.menu_crm_suite_rfm_grid"),
        {
            content: "The grid's columns say which end is recent",
            trigger: ".o_pivot table thead:contains(1: longest ago)",
        },
        {
            content: "The coming occasions",
            trigger: '.o_main_navbar [data-menu-xmlid="crm_suite.menu_crm_suite_occasions"]',
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour Owner Customer Iyer):contains(Birthday)",
        },
        {
            content: "On the calendar",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            trigger: ".o_calendar_renderer .fc-event:contains(Tour Owner Customer Iyer)",
        },
    ],
});
