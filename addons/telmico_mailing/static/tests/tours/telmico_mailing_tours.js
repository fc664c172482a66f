import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("telmico_mailing_sms_from_audience", {
    url: "/odoo/action-telmico_mailing.telmico_mailing_audience_action",
    steps: () => [
        {
            content: "Open the saved audience of Saburtalo's debtors",
            trigger: ".o_data_row td.o_data_cell:contains(დავალიანება 50 ლარზე მეტი — საბურთალო)",
            run: "click",
        },
        {
            content: "The audience counts its clients and shows a sample",
            trigger: ".o_field_widget[name=sample_partner_ids] .o_data_row:contains(ნინო კაპანაძე)",
        },
        {
            content: "Create an SMS mailing to it in one click",
            trigger: "button[name=action_new_sms_mailing]",
            run: "click",
        },
        {
            content: "The mailing is for the audience",
            trigger: ".o_form_view .o_field_widget[name=audience_id] input:value(დავალიანება 50 ლარზე მეტი — საბურთალო)",
        },
        {
            content: "A payment reminder is transactional",
            trigger: ".o_field_widget[name=mailing_kind] input[data-value=transactional]",
            run: "click",
        },
        {
            content: "Write the SMS",
            trigger: ".o_field_widget[name=body_plaintext] textarea",
            run: "edit გთხოვთ, დაფაროთ დავალიანება. Telmico",
        },
        {
            content: "Save the mailing",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
