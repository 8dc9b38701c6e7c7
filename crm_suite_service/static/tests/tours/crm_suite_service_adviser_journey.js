import { registry } from "@web/core/registry";

// The service adviser opens a job card for a vehicle seen for the first time, typed as the
// customer reads its number plate, and sends the estimate for approval.
registry.category("web_tour.tours").add("crm_suite_service_adviser_intake", {
    steps: () => {
        const tomorrow = luxon.DateTime.now().plus({ days: 1 }).toFormat("MM/dd/yyyy HH:mm:ss");
        return [
            {
                content: "Open a new job card",
                trigger: ".o-kanban-button-new",
                run: "click",
            },
            {
                content: "Type the number plate as it reads",
                trigger: ".o_field_widget[name=service_asset_id] input",
                run: "edit gj 05 tr 0351",
            },
            {
                content: "A new vehicle: create it with its details",
                trigger: ".o-autocomplete--dropdown-item:contains(Create and edit)",
                run: "click",
            },
            {
                content: "The number plate is the registration number, normalised",
                trigger: ".modal .o_field_widget[name=registration_number] input:value(GJ05TR0351)",
            },
            {
                trigger: ".modal .o_field_widget[name=partner_id] input",
                run: "edit Tour Customer Meena",
            },
            {
                trigger: ".o-autocomplete--dropdown-item:contains(Tour Customer Meena)",
                run: "click",
            },
            {
                trigger: ".modal .o_field_widget[name=make] input",
                run: "edit Royal Enfield",
            },
            {
                trigger: ".modal .o_field_widget[name=model] input",
                run: "edit Classic 350",
            },
            {
                content: "Save the vehicle",
                trigger: ".modal .o_form_button_save",
                run: "click",
            },
            {
                content: "The owner becomes the customer",
                trigger: ".o_field_widget[name=partner_id] input:value(Tour Customer Meena)",
            },
            {
                trigger: ".o_field_widget[name=service_asset_id] input:value(Royal Enfield Classic 350 (GJ05TR0351))",
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
                content: "Quote the labour",
                trigger: ".o_notebook a[name=crm_suite_labour]",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name=labour_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name=labour_ids] .o_data_row [name=product_id] input",
                run: "edit Tour Electrical Check",
            },
            {
                trigger: ".o-autocomplete--dropdown-item:contains(Tour Electrical Check)",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name=labour_ids] .o_data_row [name=estimated_hours] input",
                run: "edit 01:30",
            },
            {
                content: "Save the job card",
                trigger: ".o_form_button_save",
                run: "click",
            },
            {
                trigger: ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Received)",
            },
            {
                content: "Send the estimate",
                trigger: "button[name=action_send_estimate]",
                run: "click",
            },
            {
                trigger: ".modal button[name=action_send_mail]",
                run: "click",
            },
            {
                content: "The job card waits for the customer's approval",
                trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Awaiting Approval)",
            },
            {
                trigger: ".o_form_view .o_statusbar_buttons button:contains(Record Approval)",
            },
        ];
    },
});

// The customer opens the job card on the portal and signs the estimate.
registry.category("web_tour.tours").add("crm_suite_service_customer_approves", {
    url: "/my/job-cards",
    steps: () => [
        {
            content: "Open the job card",
            trigger: ".o_crm_suite_job_card_row:contains(GJ05TR0351) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The estimate and its amount, with a clear way to approve it",
            trigger: ".o_crm_suite_job_estimate_card:contains(1,050.00)",
        },
        {
            trigger: "a.o_crm_suite_job_estimate:contains(Review and Approve)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Sign the estimate",
            trigger: ".o_portal_sale_sidebar a:contains(Sign)",
            run: "click",
        },
        {
            trigger: ".modal .o_web_sign_name_and_signature input:value(Tour Customer Meena)",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Approved",
            trigger: "#quote_content:contains(Thank You)",
        },
    ],
});

// Back at the workshop: the work, the quality check, delivery with its invoice, the payment
// and the gate pass.
registry.category("web_tour.tours").add("crm_suite_service_adviser_delivery", {
    steps: () => [
        {
            content: "The customer's signature approved the job card",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            trigger: ".o_field_widget[name=approval_method]:contains(Signed on the portal)",
        },
        {
            content: "The technician starts the work",
            trigger: "button[name=action_repair_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(In Progress)",
        },
        {
            trigger: "button[name=action_quality_check]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Quality Check)",
        },
        {
            content: "Quality checked: the work is done",
            trigger: "button[name=action_repair_end]:visible",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Ready for Pickup)",
        },
        {
            content: "The owner collects it",
            trigger: "button[name=action_deliver]",
            run: "click",
        },
        {
            content: "Delivery posts the invoice of the approved estimate",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Posted)",
        },
        {
            content: "The customer pays",
            trigger: "button[name=action_register_payment]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            trigger: ".o_form_view .ribbon:contains(Paid), .o_form_view .ribbon:contains(In Payment)",
        },
        {
            content: "Back to the job card",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Delivered)",
        },
        {
            content: "Print the gate pass",
            trigger: "button[name=action_print_gate_pass]",
            run: "click",
        },
        {
            content: "The gate pass names the paid invoice",
            trigger: ":iframe .page:contains(Gate Pass):contains(Paid)",
        },
    ],
});

// The workshop's kanban: a column per stage, each job card with its vehicle and promise.
registry.category("web_tour.tours").add("crm_suite_service_job_cards_kanban", {
    steps: () => [
        {
            trigger: ".o_kanban_group:contains(Received) .o_kanban_record:contains(KA05KB1001)",
        },
        {
            trigger: ".o_kanban_group:contains(Awaiting Approval) .o_kanban_record:contains(KA05KB1002)",
        },
        {
            trigger: ".o_kanban_group:contains(Approved) .o_kanban_record:contains(KA05KB1003)",
        },
    ],
});
