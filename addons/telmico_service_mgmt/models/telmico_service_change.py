from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class TelmicoServiceChange(models.Model):
    """A change of card data requested by a service; applied only once approved."""

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
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(required=True)
    applied = fields.Boolean(readonly=True, copy=False)

    @api.model
    def _selection_client_field(self):
        """Client-card fields a data-change service can be allowed to change (tracked business fields)."""
        return sorted(
            (
                (name, field.string)
                for name, field in self.env["res.partner"]._fields.items()
                if field.store
                and field.type in ("char", "date", "selection", "boolean")
                and getattr(field, "tracking", False)
                and not field.compute
            ),
            key=lambda item: item[1],
        )

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

    @api.model_create_multi
    def create(self, vals_list):
        changes = super().create(vals_list)
        for change in changes:
            change.old_value = change._current_value()
        return changes

    def _current_value(self):
        self.ensure_one()
        if self.target == "client" and self.client_field:
            value = self.service_id.partner_id[self.client_field]
            return "" if value is False else str(value)
        if self.target == "subscriber" and self.subscriber_field:
            subscriber = self.service_id.subscriber_id
            column = {"holder_name": "name"}.get(self.subscriber_field, self.subscriber_field)
            return (subscriber[column] or "") if subscriber else ""
        return ""

    def _apply(self):
        """Client fields are written on the card; subscriber changes go to billing through the outbox."""
        for change in self.filtered(lambda c: not c.applied):
            service = change.service_id
            if change.target == "client":
                service.partner_id.write({change.client_field: change.new_value})
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
