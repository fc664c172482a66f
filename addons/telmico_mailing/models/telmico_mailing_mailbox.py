from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize


class TelmicoMailingMailbox(models.Model):
    """A mailbox e-mail mailings are sent from: a from address and its outgoing mail server; who may use it is
    given by groups. Once an administrator registers mailboxes, every e-mail mailing is sent from one of them."""

    _name = "telmico.mailing.mailbox"
    _description = "Mailing mailbox"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, help="What mailing users choose, e.g. “Customer service”.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    email_from = fields.Char(
        string="From", required=True, help="The sender of the mails, e.g. “Telmico <info@telmico.ge>”."
    )
    mail_server_id = fields.Many2one(
        "ir.mail_server",
        string="Outgoing mail server",
        ondelete="restrict",
        help="The server the mails go through; empty: Odoo's choice by the from address.",
    )
    group_ids = fields.Many2many(
        "res.groups",
        string="Allowed groups",
        help="Who may send from this mailbox; empty: every mailing user.",
    )

    @api.constrains("email_from", "mail_server_id")
    def _check_email_from(self):
        for mailbox in self:
            if not email_normalize(mailbox.email_from or ""):
                raise ValidationError(self.env._("“%(address)s” is not an e-mail address.", address=mailbox.email_from))
            server = mailbox.sudo().mail_server_id  # sudo: mail servers are the system's; only their filter is read
            if server and not server._match_from_filter(mailbox.email_from, server.from_filter):
                raise ValidationError(
                    self.env._(
                        "The mail server “%(server)s” may not send as %(address)s (its “From filter” is "
                        "“%(filter)s”): choose another server or address.",
                        server=server.name,
                        address=mailbox.email_from,
                        filter=server.from_filter,
                    )
                )
