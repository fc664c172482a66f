import { _t } from "@web/core/l10n/translation";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import { Component, onWillUnmount, useEffect, useState } from "@odoo/owl";

const PING_DELAY = 60000;

/**
 * Collision notice on the request form: who else has this request open right now.
 *
 * On open (and every minute while open) the form tells the server it views the request
 * (telmico.request.collision_enter), and on close or when the pager moves on that it left
 * (collision_leave). The server sends the others' lists through the bus.
 *
 * The same calls time the user's work on the request (handling time): each ping says how long
 * the user has not touched the keyboard or the mouse, or that the form is out of sight, and
 * the server extends the user's work session only while they are active.
 */
export class RequestViewers extends Component {
    static template = "telmico_desk.RequestViewers";
    static props = standardWidgetProps;

    setup() {
        this.orm = useService("orm");
        this.busService = useService("bus_service");
        this.presence = useService("presence");
        this.state = useState({ viewers: [] });
        const onViewers = (payload) => {
            if (payload.request_id === this.resId) {
                this.state.viewers = payload.viewers;
            }
        };
        this.busService.subscribe("telmico_desk/viewers", onViewers);
        useEffect(
            (resId) => {
                this.resId = resId;
                this.state.viewers = [];
                if (!resId) {
                    return;
                }
                this.enter(resId);
                const interval = browser.setInterval(() => this.enter(resId), PING_DELAY);
                return () => {
                    browser.clearInterval(interval);
                    // the raw service: the call must go out even while the form is being destroyed
                    this.env.services.orm.silent.call("telmico.request", "collision_leave", [[resId]]);
                };
            },
            () => [this.props.record.resId]
        );
        onWillUnmount(() => this.busService.unsubscribe("telmico_desk/viewers", onViewers));
    }

    /** Seconds since the user last clicked or typed in Odoo, or false when this form is out of sight. */
    get idleSeconds() {
        if (document.visibilityState !== "visible") {
            return false;
        }
        return Math.round(this.presence.getInactivityPeriod() / 1000);
    }

    async enter(resId) {
        const viewers = await this.orm.silent.call("telmico.request", "collision_enter", [[resId]], {
            idle_seconds: this.idleSeconds,
        });
        if (resId === this.resId) {
            this.state.viewers = viewers;
        }
    }

    get message() {
        const names = this.state.viewers.map((viewer) => viewer.name).join(", ");
        return this.state.viewers.length > 1
            ? _t("%s are also viewing this request", names)
            : _t("%s is also viewing this request", names);
    }
}

registry.category("view_widgets").add("telmico_request_viewers", { component: RequestViewers });
