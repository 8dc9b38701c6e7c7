import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_suite_service_complaint_portal", {
    url: "/my/home",
    steps: () => [
        {
            content: "Open the complaints from the portal home",
            trigger: 'a[href="/my/complaints"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Start a new complaint",
            trigger: "a.o_crm_suite_new_complaint",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_crm_suite_complaint_form input[name=name]",
            run: "edit Mixer grinder stops after a minute",
        },
        {
            trigger: ".o_crm_suite_complaint_form select[name=product_id]",
            run: "selectByLabel Tour Mixer Grinder",
        },
        {
            trigger: ".o_crm_suite_complaint_form textarea[name=description]",
            run: "edit It heats up and switches itself off.",
        },
        {
            content: "Send it",
            trigger: ".o_crm_suite_complaint_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is registered and acknowledged",
            trigger: ".o_crm_suite_complaint:contains(Mixer grinder stops after a minute) .o_crm_suite_complaint_stage:contains(New)",
        },
    ],
});
