import { registry } from "@web/core/registry";

const emails = ".o_telmico_desk_block[data-key=emails]";
const mine = ".o_telmico_desk_block[data-key=my_requests]";

registry.category("web_tour.tours").add("telmico_desk_tour", {
    url: "/odoo/action-telmico_desk.telmico_desk_action",
    steps: () => [
        {
            content: "The e-mail waits in Unprocessed e-mails",
            trigger: `${emails} .o_telmico_desk_item:contains(Meter reading is wrong)`,
        },
        {
            content: "My open requests are empty",
            trigger: `${mine}:not(:has(.o_telmico_desk_item))`,
        },
        {
            content: "Take it",
            trigger: `${emails} .o_telmico_desk_item:contains(Meter reading is wrong) button[name=action_take]`,
            run: "click",
        },
        {
            content: "It is in my open requests",
            trigger: `${mine} .o_telmico_desk_item:contains(Meter reading is wrong):contains(In progress)`,
        },
        {
            content: "and no longer waits",
            trigger: `${emails}:not(:has(.o_telmico_desk_item:contains(Meter reading is wrong)))`,
        },
        {
            content: "Open it",
            trigger: `${mine} .o_telmico_desk_item:contains(Meter reading is wrong) .o_telmico_desk_item_title`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(In progress)",
        },
    ],
});

/** Two services of the client's, each with its value, added in the registration form. */
function addService(template, value) {
    return [
        {
            content: `Add the service ${template}`,
            trigger: ".o_field_widget[name=service_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=template_id] input",
            run: `edit ${template}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${template})`,
            run: "click",
        },
        {
            content: "Fill its field in the Value column",
            trigger: ".modal .o_field_widget[name=value_ids] .o_data_row td[name=value_input]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=value_ids] .o_data_row [name=value_input] input",
            run: `edit ${value}`,
        },
        {
            content: "Save the service",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: `body:not(:has(.modal)) .o_field_widget[name=service_ids] .o_data_row:contains(${template})`,
        },
    ];
}

registry.category("web_tour.tours").add("telmico_desk_new_request_tour", {
    url: "/odoo/action-telmico_desk.telmico_desk_action",
    steps: () => [
        {
            content: "Start a new request from the Desk",
            trigger: ".o_telmico_desk_new_request",
            run: "click",
        },
        {
            content: "Find the client by the phone number he gives",
            trigger: ".o_form_view .o_field_widget[name=client_query] input",
            run: "edit 599 12 34 56 && click .o_form_view .o_field_widget[name=subject] input",
        },
        {
            content: "The client is found, with his subscriber number",
            trigger:
                ".o_field_widget[name=client_match_ids] .o_data_row:contains(გიორგი ბერიძე):contains(1000000001)",
        },
        {
            content: "Choose him",
            trigger:
                ".o_field_widget[name=client_match_ids] .o_data_row:contains(გიორგი ბერიძე) button[name=action_select]",
            run: "click",
        },
        {
            content: "The client and his subscriber are on the request",
            trigger: ".o_field_widget[name=subscriber_ids] .o_tag:contains(1000000001)",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Services)",
            run: "click",
        },
        ...addService("Meter reading check", "77001234"),
        ...addService("Invoice copy", "2026-05"),
        {
            content: "Register",
            trigger: ".o_form_view button[name=action_register]",
            run: "click",
        },
        {
            content: "The request has its number",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(REQ-)",
        },
        {
            content: "Both services were done at the desk: the request is resolved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Resolved)",
        },
    ],
});

const department = ".o_telmico_desk_block[data-key=department]";

registry.category("web_tour.tours").add("telmico_desk_head_tour", {
    url: "/odoo/action-telmico_desk.telmico_desk_action",
    steps: () => [
        {
            content: "The head's Desk lists the incoming service and the overdue one",
            trigger: `${department} .o_telmico_desk_item:contains(ნანა კაპანაძე):contains(To distribute)`,
        },
        {
            trigger: `${department} .o_telmico_desk_item:contains(გიორგი ბერიძე):contains(Overdue)`,
        },
        {
            content: "No New request button: the head works in the back office",
            trigger: ".o_telmico_desk:not(:has(.o_telmico_desk_new_request))",
        },
        {
            content: "Distribute the incoming service by the department's rule",
            trigger: `${department} .o_telmico_desk_item:contains(ნანა კაპანაძე) button[name=action_distribute]`,
            run: "click",
        },
        {
            content: "It left the block: someone has it now",
            trigger: `${department}:not(:has(.o_telmico_desk_item:contains(ნანა კაპანაძე)))`,
        },
        {
            content: "Give the overdue service to another employee",
            trigger: `${department} .o_telmico_desk_item:contains(გიორგი ბერიძე) button[name=action_assign]`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "edit ნათია",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(ნათია ლომიძე)",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Still overdue, now with ნათია",
            trigger: `body:not(:has(.modal)) ${department} .o_telmico_desk_item:contains(გიორგი ბერიძე):contains(ნათია ლომიძე)`,
        },
    ],
});

function pickAddress(level, value) {
    return [
        {
            content: `Open the ${level} picker`,
            trigger: `.o_form_view .o_field_widget[name=address_${level}] input`,
            run: "click",
        },
        {
            content: `Pick ${value}`,
            trigger: `.o_field_widget[name=address_${level}] .o-autocomplete--dropdown-item:contains(${value})`,
            run: "click",
        },
        {
            trigger: `.o_field_widget[name=address_${level}] input:value(${value})`,
        },
    ];
}

registry.category("web_tour.tours").add("telmico_desk_address_tour", {
    url: "/odoo/action-telmico_desk.telmico_desk_action",
    steps: () => [
        {
            content: "Start a new request from the Desk",
            trigger: ".o_telmico_desk_new_request",
            run: "click",
        },
        ...pickAddress("district", "ვაკე"),
        {
            content: "The streets of the district only",
            trigger: ".o_form_view .o_field_widget[name=address_street] input",
            run: "click",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(აბაშიძის ქუჩა)",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu:not(:has(.o-autocomplete--dropdown-item:contains(ვაჟა-ფშაველას)))",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(ჭავჭავაძის გამზირი)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=address_street] input:value(ჭავჭავაძის გამზირი)",
        },
        ...pickAddress("building", "12"),
        ...pickAddress("apartment", "7"),
        {
            content: "The client of the apartment is found and chosen, with the subscriber there",
            trigger: ".o_field_widget[name=client_match_ids] .o_data_row:contains(დავით ლომიძე)",
        },
        {
            trigger: ".o_field_widget[name=subscriber_ids] .o_tag:contains(3000000002)",
        },
        {
            content: "Leave the registration",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            trigger: ".o_telmico_desk",
        },
    ],
});
