import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/** The id of a many2one value, as the web client holds it. */
function many2oneId(value) {
    return Array.isArray(value) ? value[0] : value?.id;
}

/**
 * Choose / Card on a client found while registering a request. Buttons of type "object" on the rows of
 * an unsaved request would ask to save it first: Choose sets the row's `chosen` flag instead, which the
 * request's onchange turns into its client (and collapses the table); Card opens the card in a dialog.
 */
export class ChooseClientField extends Component {
    static template = "telmico_desk.ChooseClientField";
    static props = { ...standardFieldProps };

    setup() {
        this.action = useService("action");
    }

    async onChoose() {
        await this.props.record.update({ [this.props.name]: true });
        // the table is gone: bring the chosen client and the fields that follow into view
        document
            .querySelector(".o_form_view .o_field_widget[name=partner_id]")
            ?.scrollIntoView({ block: "start", behavior: "smooth" });
    }

    onOpenCard() {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            res_id: many2oneId(this.props.record.data.partner_id),
            views: [[false, "form"]],
            target: "new",
        });
    }
}

registry.category("fields").add("telmico_choose_client", {
    component: ChooseClientField,
    displayName: _t("Choose a client"),
    supportedTypes: ["boolean"],
});

/**
 * How many clients the search found against how many the table shows, and "Show more" while there are more.
 * On `client_match_limit` (how many to show): the request's onchange loads the next ones.
 */
export class ClientMatchSummaryField extends Component {
    static template = "telmico_desk.ClientMatchSummaryField";
    static props = { ...standardFieldProps };
    static MAX = 200; // as MATCH_MAX on the server: beyond, refine the search
    static STEP = 20;

    get shown() {
        return this.props.record.data.client_match_ids.count;
    }

    get total() {
        // 0 on a registration saved and opened again (the count is not stored): the rows shown then
        return Math.max(this.props.record.data.client_match_count, this.shown);
    }

    get summary() {
        const total = this.total >= 1000 ? "1000+" : String(this.total);
        if (this.shown >= this.total) {
            return _t("%(count)s client(s) found", { count: total });
        }
        return _t("%(shown)s of %(count)s clients found", { shown: this.shown, count: total });
    }

    get canShowMore() {
        return this.shown < this.total && this.shown < ClientMatchSummaryField.MAX;
    }

    get mustRefine() {
        return this.shown < this.total && !this.canShowMore;
    }

    onShowMore() {
        return this.props.record.update({
            [this.props.name]: this.shown + ClientMatchSummaryField.STEP,
        });
    }
}

registry.category("fields").add("telmico_client_match_summary", {
    component: ClientMatchSummaryField,
    displayName: _t("Clients found"),
    supportedTypes: ["integer"],
});
