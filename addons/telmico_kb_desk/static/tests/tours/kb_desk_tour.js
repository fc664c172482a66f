import { registry } from "@web/core/registry";

const suggestion = ".o_telmico_kb_suggestions .o_data_row:contains(მიმდინარე ტარიფები)";

/** On a request about a tariff the operator replies with the suggested tariff script. */
registry.category("web_tour.tours").add("telmico_kb_desk_reply_tour", {
    steps: () => [
        {
            content: "The tariff script is suggested on the request",
            trigger: suggestion,
        },
        {
            content: "Reply with its answer",
            trigger: `${suggestion} button[name=action_kb_reply]`,
            run: "click",
        },
        {
            content: "The composer opens with the answer, ready to send",
            trigger: ".modal .o_mail_composer_form .odoo-editor-editable:contains(19,8 თეთრი)",
        },
        {
            trigger: ".modal .o_mail_send",
            run: "click",
        },
        {
            content: "The answer is in the conversation",
            trigger: "body:not(:has(.modal)) .o-mail-Message-body:contains(19,8 თეთრი)",
        },
    ],
});
