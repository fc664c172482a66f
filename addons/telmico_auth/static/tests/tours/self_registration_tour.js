import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("telmico_auth_self_registration", {
    url: "/web/login",
    steps: () => [
        {
            content: "A new customer follows the registration link of the login page",
            trigger: ".o_telmico_auth_register_link a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Type the personal number from the client card",
            trigger: "form.o_telmico_auth_register input[name=identifier]",
            run: "edit 01024053111",
        },
        {
            content: "Type the e-mail that becomes the login",
            trigger: "form.o_telmico_auth_register input[name=login]",
            run: "edit tour.client@example.ge",
        },
        {
            content: "Ask for the code",
            trigger: "form.o_telmico_auth_register button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Only the masked mobile of the card is shown",
            trigger: ".o_telmico_auth_code_sent strong:contains(5** ** ** 56)",
        },
        {
            content: "Type the code received by SMS",
            trigger: "form.o_telmico_auth_register_confirm input[name=code]",
            run: "edit 246810",
        },
        {
            content: "Choose a password",
            trigger: "form.o_telmico_auth_register_confirm input[name=password]",
            run: "edit Tbilisi-2026!",
        },
        {
            content: "Confirm it",
            trigger: "form.o_telmico_auth_register_confirm input[name=confirm_password]",
            run: "edit Tbilisi-2026!",
        },
        {
            content: "Create the account",
            trigger: "form.o_telmico_auth_register_confirm button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The personal cabinet opens",
            trigger: ".o_portal_my_home",
        },
    ],
});
