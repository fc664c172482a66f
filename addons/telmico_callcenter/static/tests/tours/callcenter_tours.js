import { registry } from "@web/core/registry";

/** An agent's phone rings: the caller is on the Desk; one click opens a request for him, registered and linked. */
registry.category("web_tour.tours").add("telmico_callcenter_call_to_request_tour", {
    url: "/odoo/action-telmico_desk.telmico_desk_action",
    steps: () => [
        {
            content: "The ringing call shows the caller, his IVR choice and his debt",
            trigger:
                ".o_telmico_desk_block[data-key=calls] .o_telmico_desk_item:contains(გიორგი ბერიძე):contains(IVR: 2):contains(45.20)",
        },
        {
            content: "Register a request for him",
            trigger:
                ".o_telmico_desk_block[data-key=calls] .o_telmico_desk_item:contains(გიორგი ბერიძე) button[name=action_create_request]",
            run: "click",
        },
        {
            content: "The client's subscriber is already on the request",
            trigger: ".o_form_view .o_field_widget[name=subscriber_ids] .o_tag:contains(2000000101)",
        },
        {
            content: "What he calls about",
            trigger: ".o_form_view .o_field_widget[name=subject] input",
            run: "edit გადახდის კითხვა",
        },
        {
            content: "Register",
            trigger: ".o_form_view button[name=action_register]",
            run: "click",
        },
        {
            content: "The request has its number",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(REQ-)",
        },
    ],
});
