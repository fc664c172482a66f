import { registry } from "@web/core/registry";

/** Draw a stroke on the signature pad as a pen tablet does: pointer events of type "pen", with pressure. */
async function drawWithPen(canvas) {
    const box = canvas.getBoundingClientRect();
    const at = (x, y, type) =>
        new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            pointerId: 7,
            pointerType: "pen",
            pressure: 0.6,
            isPrimary: true,
            buttons: type === "pointerup" ? 0 : 1,
            clientX: box.left + x,
            clientY: box.top + y,
        });
    canvas.dispatchEvent(at(20, box.height / 2, "pointerdown"));
    for (let step = 1; step <= 12; step++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        canvas.dispatchEvent(at(20 + step * 15, box.height / 2 + (step % 2 ? -20 : 20), "pointermove"));
    }
    canvas.ownerDocument.dispatchEvent(at(200, box.height / 2, "pointerup"));
}

registry.category("web_tour.tours").add("telmico_paid_service_sell", {
    steps: () => [
        {
            content: "Sell a paid service on the client's request",
            trigger: ".o_form_view button[name=action_telmico_sell]",
            run: "click",
        },
        {
            content: "Add the service of the price list",
            trigger: ".o_field_widget[name=order_line] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=order_line] .o_data_row [name=product_template_id] input",
            run: "edit მრიცხველის გადატანა",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(მრიცხველის გადატანა)",
            run: "click",
        },
        {
            content: "VAT 18% is on the line",
            trigger: ".o_field_widget[name=order_line] .o_data_row [name=tax_id]:contains(დღგ 18%)",
        },
        {
            content: "Confirm the order",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Open its contract",
            trigger: ".o_form_view button[name=action_telmico_open_contracts]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains(CNT/)",
        },
        {
            content: "Sign it",
            trigger: ".o_form_view button[name=action_sign]",
            run: "click",
        },
        {
            content: "Open the signature pad",
            trigger: ".modal .o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "Draw",
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            content: "The client signs with the pen",
            trigger: ".modal canvas.o_web_sign_signature",
            async run(helpers) {
                await drawWithPen(helpers.anchor);
            },
        },
        {
            content: "Adopt the signature",
            trigger: ".modal .modal-footer .btn-primary:enabled:contains(Adopt)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=signature] img.o_signature",
        },
        {
            content: "Sign the contract",
            trigger: ".modal .modal-footer button[name=action_sign]",
            run: "click",
        },
        {
            content: "The contract is signed, with the SHA-256 of the signed document",
            trigger: ".o_form_view .o_field_widget[name=signed_sha256]:not(:empty)",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Signed)",
        },
    ],
});
