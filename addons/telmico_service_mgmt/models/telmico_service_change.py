from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date, get_lang

from ..tools.value_parser import parse_boolean, parse_date

# the client-card field types a data-change service may be allowed to change
CLIENT_FIELD_TYPES = ("char", "date", "selection", "boolean", "many2one")
# the subscriber's column behind each subscriber field of a change
SUBSCRIBER_COLUMNS = {"holder_name": "name"}


class TelmicoServiceChange(models.Model):
    """A change of card data requested by a service; applied only once approved.

    The operator types the new value as text (``new_value_input``); it is read by the type of the field it
    changes at once — a date, a yes / no, a choice, a record by its name — and stored as ``new_value`` in
    one form whatever the user's language (dates ``YYYY-MM-DD``, yes / no ``True`` / ``False``, choices by
    their key, records by their id), the form the approval writes and billing receives. Both values are
    shown in the format of the user who looks at them.
    """

    _name = "telmico.service.change"
    _description = "Requested data change"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    target = fields.Selection(related="service_id.data_change")
    client_field = fields.Selection(selection="_selection_client_field", string="Client field")
    subscriber_field = fields.Selection(
        [
            ("holder_name", "Holder"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("tariff", "Tariff"),
            ("address", "Address"),
        ],
        string="Subscriber field",
    )
    old_value = fields.Char(string="Old value (stored)", readonly=True, help="The value before the change, as stored.")
    new_value = fields.Char(
        string="New value (stored)",
        help="The new value as stored: dates as YYYY-MM-DD, yes / no as True / False, choices by key, records by id.",
    )
    old_value_display = fields.Char(string="Old value", compute="_compute_old_value_display")
    new_value_input = fields.Char(
        string="New value",
        compute="_compute_new_value_input",
        inverse="_inverse_new_value_input",
        help="Typed as text and checked against the field's type: dates (05.10.2026 or 2026-10-05), "
        "yes / no (კი / არა), a choice, a record by its name.",
    )
    applied = fields.Boolean(readonly=True, copy=False)

    @api.model
    def _selection_client_field(self):
        """Client-card fields a data-change service can be allowed to change (tracked business fields)."""
        return sorted(
            (
                (name, field.string)
                for name, field in self.env["res.partner"]._fields.items()
                if field.store
                and field.type in CLIENT_FIELD_TYPES
                and getattr(field, "tracking", False)
                and not field.compute
            ),
            key=lambda item: item[1],
        )

    # ----------------------------------------------------------- computes

    @api.depends("old_value", "client_field", "subscriber_field", "service_id.partner_id", "service_id.subscriber_id")
    def _compute_old_value_display(self):
        for change in self:
            origin = change._origin
            saved = origin.id and (origin.client_field, origin.subscriber_field) == (
                change.client_field,
                change.subscriber_field,
            )
            # until it is saved for this field, the line shows the value it will change
            change.old_value_display = change._format(change.old_value if saved else change._current_value())

    @api.depends("new_value")  # not on the field: a value typed before the field is chosen stays
    def _compute_new_value_input(self):
        for change in self:
            change.new_value_input = change._format(change.new_value)

    def _inverse_new_value_input(self):
        for change in self:
            change.new_value = change.new_value_input

    @api.onchange("new_value_input", "client_field", "subscriber_field")
    def _onchange_new_value_input(self):
        """Tell the operator at once when the value does not fit the field (saving refuses it too)."""
        if self.new_value_input and self._target_field():
            try:
                self._parse(self.new_value_input)
            except ValidationError as error:
                return {"warning": {"title": self.env._("Check the new value"), "message": error.args[0]}}

    # -------------------------------------------------------- constrains

    @api.constrains("client_field", "subscriber_field")
    def _check_field(self):
        for change in self:
            if change.target == "client":
                # sudo: operators may not read ir.model.fields; the template's list is configuration
                allowed = change.service_id.template_id.sudo().change_field_ids.mapped("name")
                if change.client_field not in allowed:
                    labels = dict(self._selection_client_field())
                    raise ValidationError(
                        self.env._(
                            "This service may not change the field “%s”.",
                            labels.get(change.client_field, change.client_field or ""),
                        )
                    )
            if change.target == "subscriber" and not change.subscriber_field:
                raise ValidationError(self.env._("Choose the subscriber field to change."))

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        changes = super().create(vals_list)
        for change in changes:
            stored = change._values_to_store(old=True)
            if stored:
                super(TelmicoServiceChange, change).write(stored)
        return changes

    def write(self, vals):
        result = super().write(vals)
        fields_changed = {"client_field", "subscriber_field"} & set(vals)
        if fields_changed or "new_value" in vals:
            for change in self:
                stored = change._values_to_store(old=bool(fields_changed) and not change.applied)
                if stored:
                    super(TelmicoServiceChange, change).write(stored)
        return result

    def _values_to_store(self, old=False):
        """The new value in its one form (a clear error when it does not fit the field), and the old one.

        Stored after create and write rather than checked by a constraint: the typed value arrives by an
        inverse, after the constraints of the creation.
        """
        self.ensure_one()
        vals = {"old_value": self._current_value()} if old else {}
        new_value = self._to_text(self._parse(self.new_value))  # an empty value is refused too
        if new_value != self.new_value:
            vals["new_value"] = new_value
        return vals

    # ------------------------------------------------------------- values

    def _target_field(self):
        """The field this change writes (on the client card or the subscriber), or None before it is chosen."""
        self.ensure_one()
        if self.target == "client" and self.client_field:
            return self.env["res.partner"]._fields.get(self.client_field)
        if self.target == "subscriber" and self.subscriber_field:
            column = SUBSCRIBER_COLUMNS.get(self.subscriber_field, self.subscriber_field)
            return self.env["telmico.subscriber"]._fields.get(column)
        return None

    def _field_label(self):
        """The label of the field this change writes, in the user's language."""
        self.ensure_one()
        if self.target not in ("client", "subscriber"):
            return ""
        selection = self._fields[f"{self.target}_field"]
        name = self[selection.name]
        return dict(selection._description_selection(self.env)).get(name, name or "")

    def _parse(self, text):
        """The value ``text`` means for the field this change writes; a clear error when it does not fit it.

        Dates in the user's format or as 05.10.2026 / 2026-10-05, yes / no (კი / არა), a choice by its label
        or key, a record by its name (or id). Text fields take the text as it is.
        """
        self.ensure_one()
        field = self._target_field()
        text = (text or "").strip()
        if not text:
            raise ValidationError(self.env._("Enter the new value of %s.", self._field_label()))
        if field is None or field.type not in ("date", "boolean", "selection", "many2one"):
            return text
        if field.type == "many2one":
            return self._parse_record(field, text)
        if field.type == "date":
            value = parse_date(text, (get_lang(self.env).date_format,))
            if value is None:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is not a date for %(field)s: type it as %(example)s or %(iso)s.",
                        value=text,
                        field=self._field_label(),
                        example=format_date(self.env, fields.Date.today()),
                        iso=fields.Date.to_string(fields.Date.today()),
                    )
                )
            return value
        if field.type == "boolean":
            answers = {str(self.env._("Yes")).lower(): True, str(self.env._("No")).lower(): False}
            value = parse_boolean(text, answers)
            if value is None:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is not a yes / no answer for %(field)s: type %(yes)s or %(no)s.",
                        value=text,
                        field=self._field_label(),
                        yes=self.env._("Yes"),
                        no=self.env._("No"),
                    )
                )
            return value
        # a choice: its key, or its label in the user's language or in English
        model = self.env[field.model_name]
        labels = field._description_selection(self.env)
        english = field._description_selection(model.with_context(lang="en_US").env)
        for key, label in [*labels, *english]:
            if text == key or text.lower() == str(label).lower():
                return key
        raise ValidationError(
            self.env._(
                "“%(value)s” is not a choice of %(field)s: %(choices)s.",
                value=text,
                field=self._field_label(),
                choices=", ".join(str(label) for __, label in labels),
            )
        )

    def _parse_record(self, field, text):
        """The one record of ``field``'s model named ``text`` exactly, else with that id, else named so in part."""
        comodel = self.env[field.comodel_name]
        pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = comodel.search([("display_name", "=ilike", pattern)], limit=6)
        if not found and text.isdigit():
            found = comodel.browse(int(text)).exists()
        if not found:
            found = comodel.search([("display_name", "ilike", pattern)], limit=6)
        if len(found) == 1:
            return found
        if found:
            raise ValidationError(
                self.env._(
                    "“%(value)s” matches several %(what)s records for %(field)s: %(names)s. Type the full name.",
                    value=text,
                    what=comodel._description,
                    field=self._field_label(),
                    names=", ".join(found[:5].mapped("display_name")),
                )
            )
        raise ValidationError(
            self.env._(
                "No %(what)s record matches “%(value)s” for %(field)s.",
                what=comodel._description,
                value=text,
                field=self._field_label(),
            )
        )

    def _to_text(self, value):
        """``value`` of the target field in the one stored form (see the class)."""
        self.ensure_one()
        field = self._target_field()
        kind = field.type if field is not None else "char"
        if kind == "boolean":
            return str(bool(value))
        if kind == "date":
            return fields.Date.to_string(value) if value else ""
        if kind == "many2one":
            return str(value.id) if value else ""
        return "" if value is False or value is None else str(value)

    def _from_text(self, text):
        """The value of the target field stored as ``text`` (see the class).

        A value stored before the values were checked is read as if typed, with a clear error when it does not fit.
        """
        self.ensure_one()
        field = self._target_field()
        kind = field.type if field is not None else "char"
        value = None
        if kind == "boolean":
            value = {"True": True, "False": False}.get(text)
        elif kind == "date":
            try:
                value = fields.Date.to_date(text)
            except ValueError:
                value = None
        elif kind == "selection":
            value = text if text in dict(field._description_selection(self.env)) else None
        elif kind == "many2one":
            value = (self.env[field.comodel_name].browse(int(text)).exists() or None) if text.isdigit() else None
        else:
            value = text
        return self._parse(text) if value is None else value

    def _format(self, text):
        """A stored value as the user reads it: a date in their format, Yes / No, the choice's label, the name."""
        self.ensure_one()
        field = self._target_field()
        if not text or field is None:
            return text or ""
        try:
            value = self._from_text(text)
        except ValidationError:
            return text  # stored before the values were checked: shown as it is
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "many2one":
            return value.display_name
        return value

    def _current_value(self):
        """The value the change replaces, in the stored form."""
        self.ensure_one()
        field = self._target_field()
        if field is None:
            return ""
        if self.target == "client":
            return self._to_text(self.service_id.partner_id[field.name])
        subscriber = self.service_id.subscriber_id
        return (subscriber[field.name] or "") if subscriber else ""

    def _apply(self):
        """Client fields are written on the card; subscriber changes go to billing through the outbox."""
        for change in self.filtered(lambda c: not c.applied):
            service = change.service_id
            if change.target == "client":
                value = change._from_text(change.new_value)
                service.partner_id.write(
                    {change.client_field: value.id if isinstance(value, models.BaseModel) else value}
                )
            else:
                if not service.subscriber_id:
                    raise ValidationError(self.env._("Choose the subscriber whose data %s changes.", service.name))
                backend = (
                    self.env["telmico.billing.backend"].sudo().search([], limit=1)
                )  # sudo: operators queue changes, admins configure
                if not backend:
                    raise UserError(self.env._("No billing connector is configured to send the change to."))
                self.env["telmico.billing.outbox"].sudo()._enqueue(  # sudo: the outbox is the billing integration's
                    backend,
                    {
                        "type": "subscriber_change",
                        "subscriber": service.subscriber_id.number,
                        "field": change.subscriber_field,
                        "old_value": change.old_value,
                        "new_value": change.new_value,
                        "service": service.name,
                        "approved_by": self.env.user.name,
                    },
                    subscriber=service.subscriber_id,
                    origin=service,
                    description=self.env._(
                        "%(service)s: %(field)s", service=service.name, field=change.subscriber_field
                    ),
                )
            change.applied = True
