import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_suite_discount_refused", {
    steps: () => [
        {
            content: "The quotation warns that its discount is above the class limit",
            trigger: ".o_form_view .alert-warning:contains(exceeds what this customer's ABC class allows)",
        },
        {
            content: "The salesperson has no approval button",
            trigger: ".o_form_statusbar:not(:has(button[name='action_crm_suite_approve_discount']))",
        },
        {
            content: "Try to confirm",
            trigger: ".o_form_statusbar button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Refused, with what to do",
            trigger: ".modal .modal-body:contains(ask a sales manager to approve it)",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Still a quotation",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Quotation)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_suite_discount_approved", {
    steps: () => [
        {
            content: "Approve the discount",
            trigger: ".o_form_statusbar button[name='action_crm_suite_approve_discount']",
            run: "click",
        },
        {
            content: "The approval asks for a reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Three shops, one bulk order",
        },
        {
            trigger: ".modal .modal-footer button:contains(Approve and Confirm)",
            run: "click",
        },
        {
            content: "The quotation is a sales order",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
        {
            content: "The reason is on the chatter",
            trigger: ".o-mail-Message:contains(Three shops, one bulk order)",
        },
    ],
});
