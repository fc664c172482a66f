import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

registry.category("discuss.channel_commands").add("request", {
    channel_types: ["livechat"],
    help: _t("Create a request from this conversation"),
    methodName: "execute_command_request",
});
