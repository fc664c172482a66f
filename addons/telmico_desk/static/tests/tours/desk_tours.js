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
                ".o_field_widget[name=client_match_ids] .o_data_row:contains(გიორგი ბერიძე) .o_telmico_choose_client",
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

/**
 * Throws when an element matching `selector` is cut: its text overflows it (ellipsis), or a parent that
 * clips its content (overflow other than visible) is narrower than it.
 */
function assertNotCut(selector) {
    const elements = [...document.querySelectorAll(selector)];
    if (!elements.length) {
        throw new Error(`Nothing matches ${selector}`);
    }
    for (const element of elements) {
        const rect = element.getBoundingClientRect();
        if (element.scrollWidth > Math.ceil(rect.width) + 1) {
            throw new Error(`${selector} is cut: “${element.textContent.trim()}”`);
        }
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
            if (getComputedStyle(parent).overflowX !== "visible") {
                const box = parent.getBoundingClientRect();
                if (rect.left < box.left - 1 || rect.right > box.right + 1) {
                    throw new Error(`${selector} is cut by its container: “${element.textContent.trim()}”`);
                }
            }
        }
    }
}

const matches = ".o_field_widget[name=client_match_ids]";

/** In Georgian: find a client among several, choose him on the unsaved request, add a service, register. */
registry.category("web_tour.tours").add("telmico_desk_register_ka_tour", {
    url: "/odoo/action-telmico_desk.telmico_desk_action",
    steps: () => [
        {
            content: "Start a new request from the Desk",
            trigger: ".o_telmico_desk_new_request:contains(ახალი მომართვა)",
            run: "click",
        },
        {
            content: "Search by the surname: several clients have it",
            trigger: ".o_form_view .o_field_widget[name=client_query] input",
            run: "edit ბერიძე && click .o_form_view .o_field_widget[name=subject] input",
        },
        {
            content: "More clients than shown: the count says so",
            trigger: ".o_telmico_client_match_summary:contains(20):contains(25)",
        },
        {
            content: "Open a card of the list: no need to save first",
            trigger: `${matches} .o_data_row:contains(ბერიძე 00) .o_telmico_client_card`,
            run: "click",
        },
        {
            content: "His card, not a new one (a new card has no attention banner)",
            trigger: ".modal .o_form_view div[name=telmico_attention]:contains(იდენტობა)",
        },
        {
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Show the next clients",
            trigger: "body:not(:has(.modal)) .o_telmico_client_match_more",
            run: "click",
        },
        {
            content: "He is among them, with his subscriber",
            trigger: `${matches} .o_data_row:contains(გიორგი ბერიძე):contains(1000000001)`,
        },
        {
            trigger: ".o_telmico_client_match_summary:not(:has(.o_telmico_client_match_more)):contains(25)",
        },
        {
            content: "Choose him: at once, without saving the request",
            trigger: `${matches} .o_data_row:contains(გიორგი ბერიძე) .o_telmico_choose_client:contains(არჩევა)`,
            run: "click",
        },
        {
            content: "The client is on the request, the table is gone",
            trigger: `.o_form_view:not(:has(${matches})) .o_field_widget[name=partner_id] input:value(გიორგი ბერიძე)`,
        },
        {
            content: "with his subscriber; nothing asked to save first",
            trigger: "body:not(:has(.o_notification)) .o_field_widget[name=subscriber_ids] .o_tag:contains(1000000001)",
        },
        {
            content: "The fields that follow are in view",
            trigger: ".o_field_widget[name=subscriber_ids]:viewPort",
        },
        {
            trigger: ".o_notebook .nav-link[name=services]",
            run: "click",
        },
        {
            content: "Add a service",
            trigger: ".o_field_widget[name=service_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=template_id] input",
            run: "edit მრიცხველის",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(მრიცხველის შემოწმება)",
            run: "click",
        },
        {
            content: "The subscriber of the request is already there",
            trigger: ".modal .o_field_widget[name=subscriber_id] input:value(1000000001)",
        },
        {
            content: "The required field says so before Register",
            trigger:
                ".modal .o_field_widget[name=value_ids] .o_data_row.fw-bold:contains(ჩვენება) td[name=hint]:contains(სავალდებულო)",
        },
        {
            trigger: ".modal .o_field_widget[name=value_ids] .o_data_row:contains(ჩვენება) td[name=value_input]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=value_ids] .o_data_row [name=value_input] input",
            run: "edit 77001234",
        },
        {
            content: "Save the service",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=service_ids] .o_data_row:contains(მრიცხველის შემოწმება):contains(1000000001)",
        },
        {
            content: "Register",
            trigger: ".o_form_view button[name=action_register]:contains(რეგისტრაცია)",
            run: "click",
        },
        {
            content: "The request has its number",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(REQ-)",
        },
    ],
});

/** In Georgian at a normal width: numbers and badges of the request list are whole. */
registry.category("web_tour.tours").add("telmico_desk_request_list_tour", {
    url: "/odoo/action-telmico_desk.telmico_request_action",
    steps: () => [
        {
            content: "The breached request says which deadline was missed",
            trigger: ".o_data_row:contains(ვადაგადაცილებული პასუხი) td[name=sla_label]:contains(პასუხის ვადა)",
        },
        {
            content: "Numbers and badges are not cut",
            trigger: ".o_data_row td[name=name]",
            run() {
                assertNotCut(".o_data_row td[name=name]");
                assertNotCut(".o_data_row td[name=sla_label] .badge");
                assertNotCut(".o_data_row td[name=state] .badge");
            },
        },
    ],
});

/** The Desk on a phone (390×844): request numbers and block counters are whole. */
registry.category("web_tour.tours").add("telmico_desk_phone_tour", {
    url: "/odoo/action-telmico_desk.telmico_desk_action",
    steps: () => [
        {
            trigger: ".o_telmico_desk_block[data-key=my_requests] .o_telmico_desk_item_number:contains(REQ-)",
            run() {
                assertNotCut(".o_telmico_desk_item_number");
                assertNotCut(".o_telmico_desk_count");
                assertNotCut(".o_telmico_desk_item_badge");
            },
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
