import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_suite_fill_profile", {
    steps: () => [
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
            content: "Name the family member",
            trigger: ".o_field_widget[name=family_member_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Kabir Rao",
        },
        {
            content: "Save the contact",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
