from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from ..tools.value_parser import parse_typed
from .telmico_service_template_field import FIELD_TYPES

# the columns holding a value of a relation type, by type
RELATION_TYPES = {
    "subscriber": "value_subscriber_id",
    "attachment": "value_attachment_ids",
    "receipt": "value_receipt_id",
}
# the columns holding a value of a plain type
SCALAR_VALUE_FIELDS = (
    "value_char",
    "value_text",
    "value_integer",
    "value_float",
    "value_monetary",
    "value_date",
    "value_selection",
    "value_boolean",
)


class TelmicoServiceValue(models.Model):
    """A field of a service, copied from its template: label, type and required-ness, and the value."""

    _name = "telmico.service.value"
    _description = "Service field value"
    _order = "sequence, id"

    service_id = fields.Many2one("telmico.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    key = fields.Char(required=True)
    name = fields.Char(string="Field", required=True)
    field_type = fields.Selection(FIELD_TYPES, string="Type", required=True)
    required = fields.Boolean()
    help = fields.Char()
    selection_values = fields.Text(string="Choices")
    public = fields.Boolean()
    value_char = fields.Char(string="Text")
    value_text = fields.Text(string="Long text")
    value_integer = fields.Integer(string="Whole number")
    value_float = fields.Float(string="Decimal number")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    value_monetary = fields.Monetary(string="Amount")
    value_date = fields.Date(string="Date")
    value_selection = fields.Char(string="Choice")
    value_boolean = fields.Boolean(string="Yes / no")
    value_subscriber_id = fields.Many2one("telmico.subscriber", string="Subscriber")
    value_attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    value_receipt_id = fields.Many2one(
        "telmico.subscriber.receipt",
        string="Receipt",
        domain="[('subscriber_id', 'in', receipt_subscriber_ids)]",
        help="The billing receipts of the service's subscriber (of all the client's subscribers when none is chosen), "
        "newest first, each with its period, amount to pay and due date.",
    )
    receipt_subscriber_ids = fields.Many2many("telmico.subscriber", compute="_compute_receipt_subscriber_ids")
    value_set = fields.Boolean(string="Answered", help="For number fields: the operator gave an answer (0 is one).")
    value_display = fields.Char(string="Value as text", compute="_compute_value_display")
    value_input = fields.Char(
        string="Value",
        compute="_compute_value_display",
        inverse="_inverse_value_input",
        help="Typed as text and checked against the field's type: numbers, dates (2026-10-05 or 05.10.2026), yes / no, a choice.",
    )
    hint = fields.Char(compute="_compute_hint")

    @api.depends("service_id.subscriber_id", "service_id.partner_id")
    def _compute_receipt_subscriber_ids(self):
        for line in self:
            service = line.service_id
            line.receipt_subscriber_ids = service.subscriber_id or service.partner_id.subscriber_ids

    @api.depends("help", "selection_values", "field_type", "required")
    def _compute_hint(self):
        for line in self:
            choices = " / ".join(c.strip() for c in (line.selection_values or "").splitlines() if c.strip())
            required = False
            if line.required:
                # shown before the registration, not learnt from its error; a file to attach is named as such
                required = (
                    self.env._("Required: attach the photo or document")
                    if line.field_type == "attachment"
                    else self.env._("Required")
                )
            line.hint = " — ".join(
                filter(None, [required, line.help, choices if line.field_type == "selection" else None])
            )

    def _typed_values(self):
        """The value columns of this line, to carry a value over when the form is rebuilt."""
        self.ensure_one()
        values = {name: self[name] for name in (*SCALAR_VALUE_FIELDS, "value_set")}
        values["value_subscriber_id"] = self.value_subscriber_id.id
        values["value_attachment_ids"] = [Command.set(self.value_attachment_ids.ids)]
        values["value_receipt_id"] = self.value_receipt_id.id
        return values

    def _inverse_value_input(self):
        for line in self:
            if line.field_type in RELATION_TYPES:
                continue
            line.write(line._parse_input(line.value_input))

    def _parse_input(self, text):
        """Typed column values for ``text`` typed in the Value column; a clear error when it does not fit."""
        self.ensure_one()
        text = (text or "").strip()
        kind = self.field_type
        if kind in ("char", "text", "selection"):
            return {f"value_{kind}": text or False}
        if not text:
            return {f"value_{kind}": False, "value_set": False}
        parsed = parse_typed(kind, text)
        if parsed is not None:
            return parsed
        expected = dict(self._fields["field_type"]._description_selection(self.env))[kind]
        raise ValidationError(
            self.env._(
                "“%(value)s” is not a valid %(type)s for %(field)s.", value=text, type=expected.lower(), field=self.name
            )
        )

    @api.depends("field_type", *SCALAR_VALUE_FIELDS, "value_subscriber_id", "value_attachment_ids", "value_receipt_id")
    def _compute_value_display(self):
        for line in self:
            value = line._get_value()
            if line.field_type == "boolean":
                value = self.env._("Yes") if value else self.env._("No")
            elif line.field_type in ("subscriber", "receipt"):
                value = value.display_name if value else ""
            elif line.field_type == "attachment":
                value = ", ".join(value.mapped("name"))
            elif line.field_type == "date":
                value = fields.Date.to_string(value) if value else ""
            line.value_display = "" if value is False or value is None else str(value)
            line.value_input = (
                line.value_display if line.field_type != "boolean" or line.value_set or line.value_boolean else ""
            )

    def _get_value(self):
        self.ensure_one()
        column = RELATION_TYPES.get(self.field_type, f"value_{self.field_type}")
        return self[column]

    def _is_empty(self):
        self.ensure_one()
        if self.field_type == "boolean":
            return False  # "no" is an answer
        if self.field_type in ("integer", "float", "monetary"):
            return not self.value_set and not self._get_value()
        return not self._get_value()

    @api.constrains("value_receipt_id")
    def _check_receipt(self):
        for line in self.filtered("value_receipt_id"):
            if line.value_receipt_id.subscriber_id not in line.service_id.partner_id.subscriber_ids:
                raise ValidationError(
                    self.env._(
                        "%(field)s: receipt %(receipt)s is not a receipt of a subscriber of %(client)s.",
                        field=line.name,
                        receipt=line.value_receipt_id.number,
                        client=line.service_id.partner_id.display_name,
                    )
                )

    @api.constrains("value_selection", "selection_values", "field_type")
    def _check_selection(self):
        for line in self.filtered(lambda v: v.field_type == "selection" and v.value_selection):
            choices = [c.strip() for c in (line.selection_values or "").splitlines() if c.strip()]
            if line.value_selection.strip() not in choices:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is not a choice of %(field)s: %(choices)s.",
                        value=line.value_selection,
                        field=line.name,
                        choices=", ".join(choices),
                    )
                )

    def write(self, vals):
        # every change of a value is logged on the service (who, which field, old -> new)
        tracked = {k for k in vals if k.startswith("value_") and k != "value_set"}
        before = {line.id: line.value_display for line in self} if tracked else {}
        if tracked & {"value_integer", "value_float", "value_monetary"}:
            vals = {**vals, "value_set": True}
        result = super().write(vals)
        for line in self.filtered(lambda v: before.get(v.id) != v.value_display):
            line.service_id.message_post(
                body=self.env._(
                    "%(field)s: %(old)s → %(new)s",
                    field=line.name,
                    old=before[line.id] or "—",
                    new=line.value_display or "—",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return result
