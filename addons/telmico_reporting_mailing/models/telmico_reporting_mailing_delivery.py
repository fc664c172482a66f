from odoo import fields, models
from odoo.tools import SQL, create_index

CHANNELS = [("sms", "SMS"), ("email", "E-mail"), ("cabinet", "Personal cabinet")]
# Odoo's trace statuses: pending is "sent" to the SMS gateway (no delivery report yet), sent is "delivered"
SENT = ("pending", "sent", "open", "reply", "bounce")
DELIVERED = ("sent", "open", "reply")
FAILED = ("bounce", "error")
OPENED = ("open", "reply")


class TelmicoReportingMailingDelivery(models.Model):
    """The delivery of the mailings' messages by channel, one row per trace (a view over Odoo's mailing traces):
    handed to the gateway (sent), delivered, failed (bounced or refused), opened (e-mails opened or replied to,
    cabinet messages read). Counts to sum; the percentages are sums divided by sums."""

    _name = "telmico.reporting.mailing.delivery"
    _description = "Mailing delivery"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "trace_id"

    trace_id = fields.Many2one("mailing.trace", readonly=True)
    mailing_id = fields.Many2one("mailing.mailing", readonly=True)
    date = fields.Datetime(readonly=True, help="When the message was queued.")
    channel = fields.Selection(CHANNELS, readonly=True)
    trace_status = fields.Selection(
        lambda self: self.env["mailing.trace"]._fields["trace_status"]._description_selection(self.env),
        string="Status",
        readonly=True,
    )
    message_count = fields.Integer(string="Messages", readonly=True)
    sent_count = fields.Integer(string="Sent", readonly=True, help="Handed to the gateway or the mail server.")
    delivered_count = fields.Integer(string="Delivered", readonly=True)
    failed_count = fields.Integer(string="Failed", readonly=True, help="Bounced, refused or in error.")
    opened_count = fields.Integer(
        string="Opened", readonly=True, help="E-mails opened or replied to, personal-cabinet messages read."
    )

    def init(self):
        # the dashboard reads the traces of a period (its filter): by date, not the whole table
        create_index(self.env.cr, "mailing_trace_create_date_index", "mailing_trace", ["create_date"])

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT t.id, t.id AS trace_id, t.mass_mailing_id AS mailing_id, t.create_date AS date,
                   CASE WHEN t.cabinet_message_id IS NOT NULL THEN 'cabinet'
                        WHEN t.trace_type = 'sms' THEN 'sms' ELSE 'email' END AS channel,
                   t.trace_status,
                   1 AS message_count,
                   (t.trace_status IN %(sent)s)::int AS sent_count,
                   (t.trace_status IN %(delivered)s)::int AS delivered_count,
                   (t.trace_status IN %(failed)s)::int AS failed_count,
                   (t.trace_status IN %(opened)s OR m.is_read IS TRUE)::int AS opened_count
              FROM mailing_trace t
              LEFT JOIN telmico_mailing_message m ON m.id = t.cabinet_message_id
            """,
            sent=SENT,
            delivered=DELIVERED,
            failed=FAILED,
            opened=OPENED,
        )
