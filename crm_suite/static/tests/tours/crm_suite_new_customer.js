import { registry } from "@web/core/registry";
import { openCrmSuiteCustomers } from "./crm_suite_tour_utils";

// A salesperson adds a walk-in customer, a person, with their birthday and family.
registry.category("web_tour.tours").add("crm_suite_new_customer", {
    url: "/odoo",
    steps: () => [
        ...openCrmSuiteCustomers(),
        {
            content: "Add a customer",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "A new customer is a person",
            trigger: ".o_field_widget[name=company_type] input[data-value=person]:checked",
        },
        {
            trigger: ".o_field_widget[name=name] textarea, .o_field_widget[name=name] input",
            run: "edit Tour Customer Rao",
        },
        {
            content: "Open the Personal profile tab",
            trigger: ".o_notebook .nav-link:contains(Personal profile)",
            run: "click",
        },
        {
            content: "Set the birthday",
            trigger: ".o_field_widget[name=birthday] input",
            run: "edit 03/15/1985",
        },
        {
            content: "Prefers WhatsApp",
            trigger: ".o_field_widget[name=preferred_channel] label:contains(WhatsApp)",
            run: "click",
        },
        {
            content: "Add a family member",
            trigger: ".o_field_widget[name=family_member_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=family_member_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Kabir Rao",
        },
        {
            trigger: ".o_field_widget[name=family_member_ids] .o_data_row .o_field_widget[name=relation] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(Child)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=family_member_ids] .o_data_row .o_field_widget[name=birthday] input",
            run: "edit 06/01/2015",
        },
        {
            content: "Close the date picker",
            trigger: ".o_field_widget[name=family_member_ids] .o_data_row .o_field_widget[name=name] input",
            run: "click",
        },
        {
            content: "Save the customer",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: ".o_breadcrumb .active:contains(Tour Customer Rao)",
            run() {
                document.querySelector(".o_notebook").scrollIntoView();
            },
        },
    ],
});
