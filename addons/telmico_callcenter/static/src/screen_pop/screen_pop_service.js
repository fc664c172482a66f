import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

/**
 * The screen pop: a call ringing for this agent (sent by the server to this user only) shows the caller at once,
 * with buttons to open the client card or register a request; the Desk's "My calls" block shows it as well.
 */
export const callcenterScreenPopService = {
    dependencies: ["bus_service", "notification", "action", "orm"],
    start(env, { bus_service, notification, action, orm }) {
        const open = async (callId, method) => {
            const result = await orm.call("telmico.call", method, [[callId]]);
            if (result) {
                await action.doAction(result);
            }
        };
        bus_service.subscribe("telmico_callcenter/ringing", (call) => {
            const lines = [];
            if (call.clients.length === 1) {
                const client = call.clients[0];
                lines.push(client.name);
                if (client.debt > 0) {
                    lines.push(_t("Debt %(amount)s %(currency)s", { amount: client.debt.toFixed(2), currency: client.currency }));
                }
                if (client.open_request_count) {
                    lines.push(_t("Open requests: %s", client.open_request_count));
                }
            } else if (call.clients.length) {
                lines.push(call.clients.map((client) => client.name).join(", "));
            } else {
                lines.push(_t("Unknown number"));
            }
            if (call.ivr_choice) {
                lines.push(_t("IVR: %s", call.ivr_choice));
            }
            const close = notification.add(lines.join(" · "), {
                title: _t("Incoming call: %s", call.number || _t("Withheld")),
                type: "info",
                sticky: true,
                buttons: [
                    {
                        name: _t("New request"),
                        primary: true,
                        onClick: () => {
                            close();
                            open(call.call_id, "action_create_request");
                        },
                    },
                    {
                        name: call.unknown ? _t("New client card") : _t("Client card"),
                        onClick: () => {
                            close();
                            open(call.call_id, "action_open_client");
                        },
                    },
                ],
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("telmico_callcenter_screen_pop", callcenterScreenPopService);
