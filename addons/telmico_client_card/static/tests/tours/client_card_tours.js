import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("telmico_client_card_search", {
    url: "/odoo/action-telmico_client_card.telmico_client_action",
    steps: () => [
        {
            content: "Type a mobile number the way a client dictates it",
            trigger: ".o_searchview_input",
            run: "edit 599 12 34 56",
        },
        {
            content: "Search clients by it",
            trigger: ".o_searchview_autocomplete .o_menu_item:contains(Client)",
            run: "click",
        },
        {
            content: "The client is found, with his subscriber number",
            trigger: ".o_data_row:contains(გიორგი ბერიძე):contains(1000000001)",
        },
        {
            content: "Open the client card",
            trigger: ".o_data_row td.o_data_cell:contains(გიორგი ბერიძე)",
            run: "click",
        },
        {
            content: "The banner warns about the debt",
            trigger: ".o_form_view div[name=telmico_attention]:contains(Debt of 250.00)",
        },
        {
            content: "Open the subscribers tab",
            trigger: ".o_notebook .nav-link:contains(Subscribers)",
            run: "click",
        },
        {
            content: "The linked subscriber is listed with its address",
            trigger: ".o_field_widget[name=subscriber_link_ids] .o_data_row:contains(1000000001):contains(ჭავჭავაძის)",
        },
    ],
});

registry.category("web_tour.tours").add("telmico_client_card_duplicate", {
    url: "/odoo/action-telmico_client_card.telmico_client_action/new",
    steps: () => [
        {
            content: "First name",
            trigger: ".o_field_widget[name=first_name] input",
            run: "edit ნანა",
        },
        {
            content: "Last name",
            trigger: ".o_field_widget[name=last_name] input",
            run: "edit ბერიძე",
        },
        {
            content: "A mobile another client already has",
            trigger: ".o_field_widget[name=mobile] input",
            run: "edit +995 599 123 456 && click .o_field_widget[name=last_name] input",
        },
        {
            content: "Before saving, the form lists the client with the same phone",
            trigger: "div[name=telmico_duplicates]:not(.d-none) .o_data_row:contains(გიორგი ბერიძე)",
        },
        {
            content: "and only him: no empty rows under the match",
            trigger: "div[name=telmico_duplicates] .o_data_row",
            run() {
                const rows = [...document.querySelectorAll("div[name=telmico_duplicates] tbody tr")];
                const shown = rows.filter((row) => row.getClientRects().length);
                if (shown.length !== 1 || !shown[0].classList.contains("o_data_row")) {
                    throw new Error(`The duplicate banner shows ${shown.length} rows`);
                }
            },
        },
        {
            content: "The card opens on the client tab",
            trigger: ".o_notebook .nav-link.active[name=telmico_client]",
        },
        {
            content: "A family may share a phone: save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Link the new card to the relative's subscriber",
            trigger: "div[name=telmico_duplicates] .o_data_row:contains(გიორგი ბერიძე) button[name=action_link_to_current]",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Subscribers)",
            run: "click",
        },
        {
            content: "The subscriber is linked, as a family member",
            trigger: ".o_field_widget[name=subscriber_link_ids] .o_data_row:contains(1000000001):contains(Family member)",
        },
    ],
});

registry.category("web_tour.tours").add("telmico_client_card_backoffice", {
    url: "/odoo/action-telmico_client_card.telmico_subscriber_action",
    steps: () => [
        {
            content: "Open the subscriber card",
            trigger: ".o_data_row td.o_data_cell:contains(1000000001)",
            run: "click",
        },
        {
            content: "It says where the data comes from and how fresh it is",
            trigger: ".o_form_view .alert-info:contains(Mirrored from billing)",
        },
        {
            content: "Nothing on it can be edited",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=tariff] input)):not(:has(.o_form_button_create))",
        },
        {
            content: "Its clients are listed",
            trigger: ".o_notebook .nav-link:contains(Clients)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=client_link_ids] .o_data_row:contains(გიორგი ბერიძე)",
        },
        {
            content: "The statement can be printed",
            trigger: ".o_form_view button[name=action_print_statement]",
        },
        {
            content: "Go to the debt cases",
            trigger: ".o_main_navbar .o_menu_sections button:contains(Debt cases), .o_main_navbar .o_menu_sections a:contains(Debt cases)",
            run: "click",
        },
        {
            trigger: ".o_data_row td.o_data_cell:contains(სს-1/2026)",
            run: "click",
        },
        {
            content: "Close the case from its form",
            trigger: ".o_form_view button[name=action_close]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Closed)",
        },
        {
            content: "Open the configuration menu",
            trigger: ".o_main_navbar .o_menu_sections button:contains(Configuration)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(Billing connectors)",
            run: "click",
        },
        {
            trigger: ".o_data_row td.o_data_cell:contains(Telmico billing)",
            run: "click",
        },
        {
            content: "The connector shows how fresh the mirror is",
            trigger: ".o_form_view .o_field_widget[name=data_as_of]:not(:empty)",
        },
        {
            trigger: ".o_form_view button:contains(Sync runs)",
            run: "click",
        },
        {
            content: "The sync log lists the run that loaded the subscriber",
            trigger: ".o_list_view .o_data_row:contains(File import)",
        },
    ],
});
