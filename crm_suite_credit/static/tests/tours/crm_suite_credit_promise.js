import { registry } from "@web/core/registry";

// An accountant opens a customer's credit, sees what is overdue and for how long, and records the
// customer's promise to pay next week: the reminders wait until then.
registry.category("web_tour.tours").add("crm_suite_credit_promise", {
    steps: () => [
        {
            content: "Open the customer's credit",
            trigger: ".o_notebook .nav-link:contains(Credit)",
            run: "click",
        },
        {
            content: "The ageing shows 4,500 more than 90 days overdue",
            trigger: ".o_field_widget[name=crm_suite_ageing_90_plus]:contains(4,500.00)",
        },
        {
            trigger: "button[name=action_crm_suite_promise_to_pay]",
            run: "click",
        },
        {
            content: "The customer will pay part of it",
            trigger: ".modal .o_field_widget[name=amount] input",
            run: "edit 2500",
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Will pay after the Pongal sales, by UPI.",
        },
        {
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "The reminders wait for the promised day",
            trigger: ".o_field_widget[name=crm_suite_reminders_paused_until]:not(:empty)",
        },
    ],
});
