import { _t } from "@web/core/l10n/translation";
import { AutoComplete } from "@web/core/autocomplete/autocomplete";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { Component } from "@odoo/owl";

const LEVELS = ["district", "street", "building", "apartment"];

/**
 * One level of the registration's structured address search (district → street → building → apartment).
 *
 * The field is named <prefix><level> (address_street); its drop-down offers the values of its level among the
 * subscribers at the other levels already picked on the record (telmico.subscriber.address_values), so that each
 * picker narrows the others. A value may also be typed.
 */
export class AddressPickerField extends Component {
    static template = "telmico_desk.AddressPickerField";
    static components = { AutoComplete };
    static props = {
        ...standardFieldProps,
        level: { type: String },
        placeholder: { type: String, optional: true },
    };

    setup() {
        this.orm = useService("orm");
    }

    get value() {
        return this.props.record.data[this.props.name] || "";
    }

    get prefix() {
        return this.props.name.slice(0, -this.props.level.length);
    }

    get sources() {
        return [{ options: (term) => this.loadOptions(term), placeholder: _t("Loading...") }];
    }

    async loadOptions(term) {
        // a level just picked is still being applied (its onchange): read the levels once it is
        await this.props.record.model.mutex.getUnlockedDef();
        const picked = {};
        for (const level of LEVELS) {
            picked[level] = this.props.record.data[this.prefix + level] || false;
        }
        const values = await this.orm.call("telmico.subscriber", "address_values", [this.props.level], {
            picked,
            term: term || "",
        });
        return values.map((value) => ({ label: value, value }));
    }

    onSelect(option) {
        this.props.record.update({ [this.props.name]: option.value });
    }

    onChange({ inputValue }) {
        this.props.record.update({ [this.props.name]: inputValue.trim() || false });
    }
}

export const addressPickerField = {
    component: AddressPickerField,
    displayName: _t("Address picker"),
    supportedTypes: ["char"],
    extractProps: ({ options, placeholder }) => ({ level: options.level, placeholder }),
};

registry.category("fields").add("telmico_address_picker", addressPickerField);
