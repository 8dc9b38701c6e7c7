import { registry } from "@web/core/registry";

// The service adviser reads an unhappy customer's rating on the job card, follows it to the
// complaint it opened, then reads satisfaction by technician in Feedback Analysis.
registry.category("web_tour.tours").add("crm_suite_service_feedback", {
    steps: () => [
        {
            content: "The customer's rating and words are on the job card",
            trigger: ".o_field_widget[name=rating_last_feedback]:contains(Brakes still squeal)",
        },
        {
            content: "Open the complaint the low rating opened",
            trigger: ".o_field_widget[name=crm_suite_feedback_complaint_id] a",
            run: "click",
        },
        {
            content: "It came from the rating, with the customer's words",
            trigger: ".o_breadcrumb:contains(Low rating of)",
        },
        {
            trigger: ".o_field_widget[name=description]:contains(Brakes still squeal)",
        },
        {
            content: "Satisfaction by technician",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app:contains(Service)",
            run: "click",
        },
        {
            trigger: ".o_main_navbar button:contains(Reporting)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(Feedback Analysis)",
            run: "click",
        },
        {
            trigger: ".o_pivot th:contains(Service)",
        },
        {
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_group_by_menu .o-dropdown-item:contains(Technician)",
            run: "click",
        },
        {
            trigger: ".o_group_by_menu .o-dropdown-item.selected:contains(Technician)",
        },
        {
            content: "Close the search panel",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "The technician who did the work carries the rating, and the CSAT it makes",
            trigger: ".o_pivot th:contains(Tour Feedback Technician)",
        },
        {
            trigger: ".o_pivot th:contains(CSAT)",
        },
    ],
});
