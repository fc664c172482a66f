from odoo import api, fields, models


class TelmicoMailingMessage(models.Model):
    """A message in a client's personal-cabinet inbox (portal ``/my/messages``), with its read state."""

    _name = "telmico.mailing.message"
    _description = "Personal-cabinet message"
    _order = "create_date desc, id desc"

    name = fields.Char(string="Subject", required=True)
    body = fields.Html(sanitize=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade", index=True)
    mailing_id = fields.Many2one("mailing.mailing", ondelete="set null", index="btree_not_null")
    trigger_id = fields.Many2one("telmico.mailing.trigger", ondelete="set null", index="btree_not_null")
    is_read = fields.Boolean(string="Read", index=True)
    read_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "mailing_partner_uniq",
            "unique(mailing_id, partner_id)",
            "A client receives one message of a mailing.",
        ),
    ]

    @api.model
    def _unread_count(self):
        """Unread messages the current user may read (its own inbox for a portal user)."""
        return self.search_count([("is_read", "=", False)])

    def _mark_read(self):
        unread = self.filtered(lambda message: not message.is_read)
        if unread:
            unread.write({"is_read": True, "read_date": fields.Datetime.now()})
        return True

    def action_mark_read(self):
        return self._mark_read()
