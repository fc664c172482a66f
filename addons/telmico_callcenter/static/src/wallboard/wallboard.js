import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const REFRESH_MS = 10000;

/**
 * The supervisors' wallboard: today's service level, answered / missed / abandoned calls, waiting calls per queue
 * and the agents' states; the figures come from telmico.callcenter.wallboard and are reloaded every 10 seconds.
 */
export class Wallboard extends Component {
    static template = "telmico_callcenter.Wallboard";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
        const timer = setInterval(() => this.load(), REFRESH_MS);
        onWillUnmount(() => clearInterval(timer));
    }

    async load() {
        this.state.data = await this.orm.call("telmico.callcenter.wallboard", "get_wallboard_data", []);
    }

    get data() {
        return this.state.data;
    }

    stateClass(agent) {
        return (
            {
                available: "text-bg-success",
                on_call: "text-bg-danger",
                after_call: "text-bg-warning",
                break: "text-bg-info",
            }[agent.state] || "text-bg-light"
        );
    }
}

registry.category("actions").add("telmico_callcenter.wallboard", Wallboard);
