import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A marketer filters the customers of one city, sends them a Diwali offer with a personal coupon
// on each customer's own channel, and sees the two mailings on their way.
registry.category("web_tour.tours").add("crm_suite_marketing_offer", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="crm_suite.menu_crm_suite_root"]',
            run: "click",
        },
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_suite.menu_crm_suite_customers"]',
            run: "click",
        },
        {
            content: "Filter the customers of Tourpur",
            trigger: ".o_searchview_input",
            run: "edit Tourpur",
        },
        {
            content: "Search them by city",
            trigger: ".o_searchview_autocomplete .o-dropdown-item:contains(City)",
            run: "click",
        },
        {
            content: "Three customers live there",
            trigger: ".o_searchview_facet:contains(Tourpur)",
        },
        {
            trigger: ".o_pager_limit:text(3)",
        },
        {
            content: "Select the whole segment",
            trigger: "thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_selection_box:contains(3):contains(selected)",
        },
        {
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Send them an offer",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Send an Offer)",
            run: "click",
        },
        {
            content: "Three customers: one by email, one by SMS, one who agreed to neither",
            trigger: ".modal .alert-info:contains(3 customers in the segment):contains(1 by email):contains(1 by SMS)",
        },
        {
            trigger: ".modal .o_field_widget[name=segment] input",
            run: "edit Tourpur regulars",
        },
        {
            trigger: ".modal .o_field_widget[name=campaign_id] input",
            run: "edit Diwali Tour",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Diwali Tour Campaign)",
            run: "click",
        },
        {
            content: "A personal coupon in each message",
            trigger: ".modal .o_field_widget[name=coupon_program_id] input",
            run: "edit Tour Diwali",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Diwali 10%)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=subject] input",
            run: "edit Happy Diwali from Tour Traders",
        },
        {
            trigger: ".modal .o_field_widget[name=message] textarea",
            run: "edit Ten percent off everything this week.",
        },
        {
            trigger: ".modal footer button[name=action_send]",
            run: "click",
        },
        {
            content: "Confirm the sending",
            trigger: ".modal:contains(The offer goes now) footer .btn-primary",
            run: "click",
        },
        {
            content: "The email and the SMS mailing are in the queue",
            trigger: ".o_list_view .o_data_row:contains(Happy Diwali from Tour Traders) + .o_data_row:contains(Happy Diwali from Tour Traders)",
        },
    ],
});
