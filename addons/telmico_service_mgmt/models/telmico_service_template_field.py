import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

FIELD_TYPES = [
    ("char", "Text"),
    ("text", "Long text"),
    ("integer", "Whole number"),
    ("float", "Decimal number"),
    ("monetary", "Amount"),
    ("date", "Date"),
    ("selection", "Choice"),
    ("boolean", "Yes / no"),
    ("subscriber", "Subscriber"),
    ("receipt", "Receipt"),
    ("attachment", "Document"),
]
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class TelmicoServiceTemplateField(models.Model):
    _name = "telmico.service.template.field"
    _description = "Service template field"
    _order = "sequence, id"

    template_id = fields.Many2one("telmico.service.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Label", required=True, translate=True)
    key = fields.Char(required=True, help="Technical name, used in documents: lower-case letters, digits and _.")
    field_type = fields.Selection(FIELD_TYPES, string="Type", required=True, default="char")
    required = fields.Boolean()
    help = fields.Char(translate=True)
    selection_values = fields.Text(string="Choices", help="One choice per line (for the type Choice).")
    public = fields.Boolean(string="Asked in the personal cabinet")

    _sql_constraints = [
        ("key_uniq", "unique(template_id, key)", "Each field of a template needs its own technical name.")
    ]

    @api.constrains("key", "field_type", "selection_values", "public")
    def _check_key(self):
        for field in self:
            if not KEY_RE.match(field.key or ""):
                raise ValidationError(
                    self.env._(
                        "“%s” is not a valid technical name: use lower-case latin letters, digits and _.", field.key
                    )
                )
            if field.field_type == "selection" and not (field.selection_values or "").strip():
                raise ValidationError(self.env._("The choice field “%s” needs its choices, one per line.", field.name))
            if field.field_type == "receipt" and field.public:
                raise ValidationError(
                    self.env._(
                        "The receipt field “%s” is picked by an operator: it cannot be asked in the personal cabinet.",
                        field.name,
                    )
                )

    @api.onchange("name")
    def _onchange_name(self):
        if self.name and not self.key:
            latin = re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")
            self.key = latin if KEY_RE.match(latin or "") else f"field_{len(self.template_id.field_ids) + 1}"
