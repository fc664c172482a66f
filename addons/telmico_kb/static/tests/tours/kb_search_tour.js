import { registry } from "@web/core/registry";

const result = (text) => `.o_telmico_kb_result:contains(${text})`;

/** An operator searches the knowledge base in Georgian and Latin-typed Georgian, then reads a script. */
registry.category("web_tour.tours").add("telmico_kb_search_tour", {
    url: "/odoo/action-telmico_kb.telmico_kb_search_action",
    steps: () => [
        {
            content: "Search the tariffs in Georgian",
            trigger: ".o_telmico_kb_input",
            run: "edit ტარიფები",
        },
        {
            content: "The current tariff script is found, marked current",
            trigger: `${result("მიმდინარე ტარიფები")} .o_telmico_kb_validity`,
        },
        {
            content: "and the previous tariffs too, with the word highlighted",
            trigger: `${result("წინა ტარიფები")} mark`,
        },
        {
            content: "Search the conflict script typed in Latin letters",
            trigger: ".o_telmico_kb_input",
            run: "edit konflikti",
        },
        {
            trigger: ".o_telmico_kb_count:contains(1)",
        },
        {
            content: "Open the conflict script",
            trigger: `${result("კონფლიქტური სიტუაციის მართვა")} .o_telmico_kb_result_title`,
            run: "click",
        },
        {
            content: "Read its answer and the complaint registration rule",
            trigger: ".o_telmico_kb_reader .o_telmico_kb_answer:contains(მესმის თქვენი უკმაყოფილება)",
        },
        {
            trigger: ".o_telmico_kb_reader .o_telmico_kb_body:contains(პრეტენზიის რეგისტრაცია)",
        },
        {
            content: "Say it helped",
            trigger: ".o_telmico_kb_feedback button:contains(Yes)",
            run: "click",
        },
        {
            trigger: ".o_telmico_kb_feedback:contains(Thank you)",
        },
    ],
});
