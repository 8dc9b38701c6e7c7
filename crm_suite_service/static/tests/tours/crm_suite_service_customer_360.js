import { registry } from "@web/core/registry";

// From a demo customer's contact to their Customer 360, through an open job card and back.
registry.category("web_tour.tours").add("crm_suite_service_customer_360", {
    steps: () => [
        {
            content: "The customer's contact is open",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains(Priya Nair)",
        },
        {
            content: "Open the Customer 360",
            trigger: ".o_form_view button[name=action_crm_suite_customer_360]",
            run: "click",
        },
        {
            content: "Who they are",
            trigger: ".o_crm_suite_customer_360 .o_horizontal_separator:contains(Who they are)",
        },
        {
            content: "What they are worth: a salesperson reads the money",
            trigger: ".o_crm_suite_customer_360 .o_field_widget[name=lifetime_value]",
        },
        {
            content: "Their satisfaction",
            trigger: ".o_crm_suite_customer_360 .o_horizontal_separator:contains(Satisfaction)",
        },
        {
            content: "What they have not paid",
            trigger: ".o_crm_suite_customer_360 .o_field_widget[name=crm_suite_unpaid_invoice_ids] .o_data_row",
        },
        {
            content: "Their vehicle",
            trigger: ".o_crm_suite_customer_360 .o_field_widget[name=service_asset_ids] .o_data_row",
        },
        {
            content: "Open their open job card",
            trigger:
                ".o_crm_suite_customer_360 .o_field_widget[name=crm_suite_open_job_card_ids] .o_data_row:first button[name=get_formview_action]",
            run: "click",
        },
        {
            content: "The job card is open",
            trigger: ".o_form_view .o_form_statusbar .o_field_widget[name=service_stage]",
        },
        {
            content: "Back to the Customer 360",
            trigger: ".o_breadcrumb li.o_back_button",
            run: "click",
        },
        {
            content: "The Customer 360 is shown again",
            trigger:
                ".o_crm_suite_customer_360:has(.o_form_statusbar [name=lifecycle_stage]) .o_field_widget[name=crm_suite_open_job_card_ids] .o_data_row",
            // Back at the top of the page, for README's picture of it.
            run() {
                document.querySelector(".o_content").scrollTo(0, 0);
            },
        },
    ],
});
