import { registry } from "@web/core/registry";

/** A manager opens a request (the test's URL), creates a management task from it and assigns it. */
registry.category("web_tour.tours").add("telmico_tasks_create_from_request_tour", {
    steps: () => [
        {
            content: "Create a task from the request",
            trigger: ".o_form_view button[name=action_create_task]",
            run: "click",
        },
        {
            content: "The task is named after the request",
            trigger: ".o_form_view .o_field_widget[name=name] textarea:value(Meter reading is wrong)",
        },
        {
            content: "and linked to it",
            trigger: ".o_form_view .o_field_widget[name=request_id] input:value(Meter reading is wrong)",
        },
        {
            content: "Assign it",
            trigger: ".o_form_view .o_field_widget[name=user_ids] input",
            run: "edit ნინო",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(ნინო ოპერატორი)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=user_ids] .o_tag:contains(ნინო ოპერატორი), .o_form_view .o_field_widget[name=user_ids] img[data-tooltip*=ნინო]",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

/** The assignee finds it in his list of tasks. */
registry.category("web_tour.tours").add("telmico_tasks_assignee_list_tour", {
    steps: () => [
        {
            content: "The task is in my list",
            trigger: ".o_list_view .o_data_row:contains(Meter reading is wrong) td[name=name]",
            run: "click",
        },
        {
            content: "and opens with its request",
            trigger: ".o_form_view .o_field_widget[name=request_id] input:value(Meter reading is wrong)",
        },
    ],
});

/** The manager's views of management tasks: kanban, calendar, pivot, then the overdue tasks by person. */
registry.category("web_tour.tours").add("telmico_tasks_manager_views_tour", {
    steps: () => [
        {
            content: "The task is on the kanban board, in its stage",
            trigger: ".o_kanban_view .o_kanban_group:contains(New) .o_kanban_record:contains(Prepare the quarterly report)",
        },
        {
            content: "Calendar of deadlines",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            trigger: ".o_calendar_view",
        },
        {
            content: "Control view: overdue by person",
            trigger: ".o_menu_sections a:contains(Overdue by person), .o_menu_sections button:contains(Overdue by person)",
            run: "click",
        },
        {
            content: "Each assignee's overdue tasks",
            trigger: ".o_pivot th:contains(ნინო ოპერატორი)",
        },
        {
            content: "The list of them, grouped by assignee",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains(ნინო ოპერატორი)",
        },
    ],
});
