import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_suite_loyalty_portal", {
    url: "/my/home",
    steps: () => [
        {
            content: "Open My Loyalty from the portal home",
            trigger: 'a[href="/my/loyalty"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The customer sees their tier",
            trigger: ".o_crm_suite_tier_name:contains(Tour Gold)",
        },
        {
            content: "and the progress to the next tier",
            trigger: ".o_crm_suite_next_tier:contains(Tour Platinum) + .progress",
        },
        {
            content: "and their points",
            trigger: ".o_crm_suite_point_card:contains(Tour Points)",
        },
    ],
});
