from odoo import api, fields, models


class TelmicoSubscriberLink(models.Model):
    """A client's relation to a subscriber (owner, tenant, payer, family member, ...)."""

    _name = "telmico.subscriber.link"
    _description = "Client-subscriber link"
    _order = "partner_id, sequence, id"
    _rec_name = "subscriber_id"

    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade", index=True)
    subscriber_id = fields.Many2one("telmico.subscriber", required=True, ondelete="cascade", index=True)
    role_id = fields.Many2one("telmico.link.role", required=True, ondelete="restrict")
    sequence = fields.Integer(default=10)
    date_from = fields.Date(default=fields.Date.context_today)
    note = fields.Char()
    subscriber_address = fields.Char(related="subscriber_id.address")
    subscriber_status = fields.Selection(related="subscriber_id.status")
    subscriber_balance = fields.Monetary(related="subscriber_id.balance", currency_field="currency_id")
    currency_id = fields.Many2one(related="subscriber_id.currency_id")

    _sql_constraints = [
        (
            "link_uniq",
            "unique(partner_id, subscriber_id, role_id)",
            "This client already has this role on this subscriber.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        links = super().create(vals_list)
        # a contact linked to a subscriber is a client (the client card's rules apply from now on)
        links.partner_id.filtered(lambda partner: not partner.is_client).write({"is_client": True})
        if self.env.context.get("telmico_link_bulk"):
            return links  # bulk loaders (demo generator) bring clients that already hold the subscriber's data
        links._copy_subscriber_data_to_client()
        for link in links:
            link.partner_id.message_post(
                body=self.env._(
                    "Linked to subscriber %(number)s as %(role)s.",
                    number=link.subscriber_id.number,
                    role=link.role_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return links

    def unlink(self):
        for link in self.filtered(lambda link: not self.env.context.get("telmico_link_bulk")):
            link.partner_id.message_post(
                body=self.env._(
                    "Unlinked from subscriber %(number)s (%(role)s).",
                    number=link.subscriber_id.number,
                    role=link.role_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return super().unlink()

    def _copy_subscriber_data_to_client(self):
        """Fill the client's empty fields from the subscriber's billing data; the client's own values win."""
        for link in self:
            sub, partner = link.subscriber_id, link.partner_id
            candidates = {
                "street": " ".join(filter(None, [sub.street, sub.building])),
                "street2": sub.apartment and self.env._("apt. %s", sub.apartment),
                "city": sub.city,
                "zip": sub.zip,
                "email": sub.email,
            }
            if sub.phone:
                candidates["mobile" if sub.phone.startswith("+9955") else "phone"] = sub.phone
            if link.role_id.is_owner:
                if sub.personal_number and not partner.is_company:
                    taken = partner.with_context(active_test=False).search_count(
                        [("personal_number", "=", sub.personal_number), ("id", "!=", partner.id)], limit=1
                    )
                    if not taken:
                        candidates["personal_number"] = sub.personal_number
                if sub.company_registry and partner.is_company:
                    candidates["company_registry"] = sub.company_registry
            vals = {field: value for field, value in candidates.items() if value and not partner[field]}
            if vals:
                partner.write(vals)
