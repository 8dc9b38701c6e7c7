import { registry } from "@web/core/registry";

// A complaint opens (it crashed once) showing who sent it, then back to the kanban.
function openAndClose(subject, sender) {
    return [
        {
            trigger: `.o_kanban_record:contains(${subject})`,
            run: "click",
        },
        {
            trigger: sender,
        },
        {
            trigger: ".o-mail-Chatter-sendMessage:enabled",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Complaints)",
            run: "click",
        },
        {
            trigger: ".o_kanban_view",
        },
    ];
}

// The care team answers a complaint that came in from the public form: a reply in the
// chatter, a partial refund of the invoice it concerns, then closing it.
registry.category("web_tour.tours").add("crm_suite_service_care_team", {
    steps: () => [
        // By email: the sender has not confirmed the address yet, so no customer is bound.
        ...openAndClose(
            "Iron leaves stains",
            ".o_form_view .o_field_widget[name=contact_name] input:value(Iron Owner)"
        ),
        ...openAndClose(
            "Kettle leaks at the base",
            ".o_form_view .o_field_widget[name=partner_id] input:value(Tour Kettle Buyer)"
        ),
        {
            content: "Open the complaint sent from the website",
            trigger: ".o_kanban_record:contains(Table fan wobbles)",
            run: "click",
        },
        {
            content: "The form opens with its customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Tour Fan Buyer)",
        },
        {
            content: "Reply to the customer",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit We are sorry: we refund one fan and send a technician.",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is in the chatter",
            trigger: ".o-mail-Message-body:contains(we refund one fan)",
        },
        {
            content: "Refund the fan",
            trigger: "button[name=action_refund]",
            run: "click",
        },
        {
            content: "The draft credit note holds the fan alone",
            trigger: ".o_form_view .o_field_widget[name=invoice_line_ids] .o_data_row:contains(Tour Table Fan)",
        },
        {
            trigger: ".o_field_widget[name=invoice_line_ids] .o_data_row:first .o_data_cell[name=price_unit]",
            run: "click",
        },
        {
            content: "Refund part of the price",
            trigger: ".o_field_widget[name=invoice_line_ids] .o_data_row:first [name=price_unit] input",
            run: "edit 900",
        },
        {
            content: "Confirm the credit note",
            trigger: ".o_form_view button[name=action_post]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Posted)",
        },
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li.breadcrumb-item:nth-last-child(1) a",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=credit_note_id], .o_form_view .o_field_widget[name=partner_id] input:value(Tour Fan Buyer)",
        },
        {
            content: "Resolve it",
            trigger: ".o_statusbar_status button:contains(Resolved)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Resolved)",
        },
        {
            content: "Close it: the folded stage is behind the statusbar's dropdown",
            trigger: ".o_statusbar_status button.dropdown-toggle:visible:not(:disabled)",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:contains(Closed)",
            run: "click",
        },
        {
            content: "Closed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Closed), .o_statusbar_status .dropdown-toggle:contains(Closed)",
        },
        {
            content: "Back to the complaints",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Complaints)",
            run: "click",
        },
        {
            trigger: ".o_kanban_view",
        },
    ],
});
