/** @odoo-module **/

import { registry } from "@web/core/registry";

// A customer asks for a service in the personal cabinet and lands on the new request.
registry.category("web_tour.tours").add("telmico_desk_portal_tour", {
    url: "/my/requests",
    steps: () => [
        {
            content: "Open the form of a new request",
            trigger: "a[href='/my/requests/new']:contains(New request)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Type the subject",
            trigger: "input[name=subject]",
            run: "edit The meter runs at night",
        },
        {
            content: "Describe the problem",
            trigger: "textarea[name=description]",
            run: "edit Even with everything switched off.",
        },
        {
            content: "Choose the service",
            trigger: "select[name=template_id]",
            run: "selectByLabel Meter check",
        },
        {
            content: "Show the fields of the service",
            trigger: "button[name=refresh]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "What was typed is still there",
            trigger: "input[name=subject]:value(The meter runs at night)",
        },
        {
            content: "Answer the field asked in the cabinet",
            trigger: "input[name=field_reading]",
            run: "edit 51002",
        },
        {
            content: "Send the request",
            trigger: "button[type=submit]:contains(Send)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new request is shown with its service",
            trigger: "#request_services:contains(Meter check):contains(51002)",
        },
        {
            content: "Write to the operators",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit I can send a photo of the meter.",
        },
        {
            content: "Send the message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the conversation",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(I can send a photo of the meter.)",
        },
    ],
});
