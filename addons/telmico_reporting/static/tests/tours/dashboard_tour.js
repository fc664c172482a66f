import { registry } from "@web/core/registry";

/** A manager opens the requests dashboard: it loads (no error), with its figures and its filters. */
registry.category("web_tour.tours").add("telmico_reporting_dashboard_tour", {
    steps: () => [
        {
            content: "Open the requests dashboard",
            trigger: ".o_search_panel_category_value[data-name='Requests, SLA and agents']",
            run: "click",
        },
        {
            content: "The dashboard is loaded with its period and team filters",
            trigger: ".o_spreadsheet_dashboard_action .o-filter-value[title='Team']",
        },
        {
            content: "Its charts are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-figure",
        },
        {
            content: "Nothing failed to load",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
        },
        {
            content: "Open the services and clients dashboard",
            trigger: ".o_search_panel_category_value[data-name='Services and clients']",
            run: "click",
        },
        {
            content: "It is loaded with its period filter",
            trigger: ".o_search_panel_category_value.active[data-name='Services and clients']",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o-filter-value[title='Period']",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error)) .o-figure",
        },
    ],
});
