import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_suite_service_job_card", {
    steps: () => {
        const tomorrow = luxon.DateTime.now().plus({ days: 1 }).toFormat("MM/dd/yyyy HH:mm:ss");
        return [
        {
            content: "Open a new job card",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Pick the customer's motorbike",
            trigger: ".o_field_widget[name=service_asset_id] input",
            run: "edit GJ05TR0350",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Classic 350)",
            run: "click",
        },
        {
            content: "The owner becomes the customer",
            trigger: ".o_field_widget[name=partner_id] input:value(Tour Customer Meena)",
        },
        {
            content: "Promise it for tomorrow",
            trigger: ".o_field_widget[name=promised_datetime] input",
            run: `edit ${tomorrow}`,
        },
        {
            content: "Record the intake",
            trigger: ".o_notebook a[name=crm_suite_intake]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=checkin_odometer] input",
            run: "edit 15230",
        },
        {
            content: "Note what the customer says",
            trigger: ".o_field_widget[name=problem_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=problem_ids] .o_data_row [name=name] input",
            run: "edit Headlight flickers",
        },
        {
            content: "Save the job card",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Received)",
        },
        {
            content: "The customer approved by phone: start the work",
            trigger: ".o_statusbar_status button:contains(In Progress)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(In Progress)",
        },
        {
            content: "The technician starts",
            trigger: "button[name=action_repair_start]",
            run: "click",
        },
        {
            content: "Send it to the quality check",
            trigger: "button[name=action_quality_check]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Quality Check)",
        },
        {
            content: "Quality checked: ready for pickup",
            trigger: ".o_statusbar_status button:contains(Ready for Pickup)",
            run: "click",
        },
        {
            content: "The job card waits for its owner, to be delivered",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Ready for Pickup)",
        },
        {
            trigger: ".o_form_saved button[name=action_deliver]",
        },
        ];
    },
});
