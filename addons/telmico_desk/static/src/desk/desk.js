import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
} from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { KeepLast } from "@web/core/utils/concurrency";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const REFRESH_DELAY = 500; // ms: a burst of changes (a mass update) reloads the Desk once

/**
 * The Desk: the landing screen of the front office. Blocks of work (chats, e-mails, my requests,
 * my services, planned tasks, ...) with counters that follow the changes live, through the bus.
 * What the blocks are is decided on the server (telmico.desk._desk_blocks).
 */
export class Desk extends Component {
    static template = "telmico_desk.Desk";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.busService = useService("bus_service");
        this.keepLast = new KeepLast();
        this.state = useState({ blocks: [], user: {}, loaded: false, busy: false });
        this.scheduleReload = useDebounced(() => this.load(), REFRESH_DELAY);
        onWillStart(() => this.load());
        // the server tells the Desks concerned when requests, services or chats change
        const onRefresh = () => this.scheduleReload();
        const onActivity = () => this.scheduleReload();
        this.busService.subscribe("telmico_desk/refresh", onRefresh);
        this.busService.subscribe("mail.activity/updated", onActivity);
        onWillUnmount(() => {
            this.busService.unsubscribe("telmico_desk/refresh", onRefresh);
            this.busService.unsubscribe("mail.activity/updated", onActivity);
        });
    }

    async load() {
        const data = await this.keepLast.add(this.orm.call("telmico.desk", "get_desk_data", []));
        Object.assign(this.state, data, { loaded: true });
    }

    get greeting() {
        return this.state.user.name ? _t("Hello, %s", this.state.user.name) : _t("Desk");
    }

    formatItemDate(item) {
        if (!item.date) {
            return "";
        }
        if (item.date_type === "date") {
            return formatDate(deserializeDate(item.date));
        }
        const value = deserializeDateTime(item.date);
        if (value.hasSame(luxon.DateTime.now(), "day")) {
            return value.toFormat(localization.shortTimeFormat);
        }
        return formatDateTime(value, { showSeconds: false });
    }

    async onNewRequest() {
        const action = await this.orm.call("telmico.request", "action_new_request_form", []);
        await this.actionService.doAction(action);
    }

    openItem(item) {
        if (item.action) {
            return this.actionService.doAction(item.action);
        }
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: item.res_model,
            res_id: item.res_id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    openAll(block) {
        return this.actionService.doAction(block.action);
    }

    async onItemButton(item, button) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const action = await this.orm.call("telmico.desk", "desk_call", [
                item.model,
                item.id,
                button.method,
            ]);
            if (action) {
                await this.actionService.doAction(action, { onClose: () => this.load() });
            } else if (button.open_form) {
                await this.openItem(item);
            } else {
                await this.load();
            }
        } catch (error) {
            await this.load(); // e.g. taken by a colleague meanwhile: show the Desk as it is now
            throw error;
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("actions").add("telmico_desk.desk", Desk);
