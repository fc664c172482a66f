from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index, drop_view_if_exists

# ids of the view: ``<id of the row in its source table> * SOURCE_SLOTS + <number of the source>``
SOURCE_SLOTS = 16
# the columns every source selects, in this order (see _communication_sources)
COLUMNS = (
    "id",
    "date",
    "partner_id",
    "direction",
    "channel",
    "kind",
    "status",
    "name",
    "subject",
    "res_model",
    "res_id",
    "user_id",
    "company_id",
)
CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("chat", "Chat"),
    ("messenger", "Messenger"),
    ("portal", "Personal cabinet"),
    ("walk_in", "Walk-in"),
    ("letter", "Letter"),
    ("api", "API"),
]
STATUSES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("bounced", "Bounced"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]


class TelmicoCommunication(models.Model):
    """Every contact with a client in one chronological list: inbound requests, outbound messages, calls, mailings.

    A read-only SQL view (a ``UNION ALL`` of one ``SELECT`` per source); the addons plug their records in
    by extending ``_communication_sources`` — nothing is copied, so the list is always current. It is read
    client by client: every source filters on an indexed client column, and a row is found by its id through
    an index on its source table, so a client card stays fast with millions of rows in the sources.

    The list shows what happened (date, channel, direction, status, subject) to every client-card user;
    the document behind a row opens under its own access rules.
    """

    _name = "telmico.communication"
    _description = "Communication with a client"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "subject"
    # the source columns the view reads: pending writes to them are flushed before it is queried
    _depends = {
        "mail.notification": ["mail_message_id", "res_partner_id", "notification_type", "notification_status"],
        "mail.message": [
            "date",
            "subject",
            "body",
            "record_name",
            "model",
            "res_id",
            "create_uid",
            "message_type",
            "author_id",
            "record_company_id",
        ],
    }

    date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    direction = fields.Selection([("incoming", "Incoming"), ("outgoing", "Outgoing")], readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    kind = fields.Selection([("message", "Message")], string="Type", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    subject = fields.Char(readonly=True)
    res_model = fields.Char(string="Document model", readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True)
    user_id = fields.Many2one("res.users", string="Employee", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    # ------------------------------------------------------------------ view

    def init(self):
        sources = self._communication_sources()
        queries = []
        for number, (table, query) in sorted(sources.items()):
            if not (isinstance(number, int) and 0 < number < SOURCE_SLOTS):
                raise ValueError(f"telmico.communication: source number {number!r} is not in 1..{SOURCE_SLOTS - 1}")
            # rows are read by id (a record opened, a button clicked): an index on the id expression of each
            # source keeps that an index scan instead of a scan of the whole source
            create_index(
                self.env.cr,
                f"{table}_telmico_communication_idx",
                table,
                [f"((id)::bigint * {SOURCE_SLOTS} + {number})"],
            )
            queries.append(SQL("(%s)", query))
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(" UNION ALL ").join(queries))
        )

    @api.model
    def _communication_row_id(self, column, number):
        """The view's id of the row ``column`` (an ``SQL`` id column of a source table) of source ``number``."""
        return SQL("(%s)::bigint * %s + %s", column, SQL(str(SOURCE_SLOTS)), SQL(str(int(number))))

    @api.model
    def _communication_sources(self):
        """The sources of the view: ``{number: (table, query)}`` — the extension point of the other addons.

        ``number`` (1 to 15) tells the sources apart: a row's id is its id in ``table`` times 16 plus the
        number (``_communication_row_id``), and ``table`` gets an index on that expression. ``query`` is an
        ``SQL`` ``SELECT`` of the columns of ``COLUMNS``, in that order, with the types of the fields
        (``varchar`` for selections and texts, ``timestamp`` for the date, ``int4`` for the relations):
        ``partner_id`` the client, ``direction`` ``incoming`` / ``outgoing``, ``channel``, ``kind`` and
        ``status`` keys of their selections (add yours with ``selection_add``), ``res_model`` / ``res_id`` the
        document a click opens. The client column it filters on must be indexed.

        Numbers in use: 1 messages sent to the client (here), 2 requests (telmico_desk); reserved: 3 calls
        (telmico_callcenter), 4 mailings (telmico_mailing).
        """
        return {1: ("mail_notification", self._communication_query_messages())}

    @api.model
    def _communication_query_messages(self):
        """Messages sent to the client by e-mail, SMS or post, from any document (requests, services, the card)."""
        return SQL(
            """
            SELECT %(id)s AS id,
                   m.date AS date,
                   n.res_partner_id AS partner_id,
                   'outgoing'::varchar AS direction,
                   (CASE n.notification_type WHEN 'sms' THEN 'sms' WHEN 'snail' THEN 'letter' ELSE 'email' END)::varchar
                       AS channel,
                   'message'::varchar AS kind,
                   (CASE n.notification_status
                        WHEN 'sent' THEN 'sent'
                        WHEN 'pending' THEN 'sent'
                        WHEN 'bounce' THEN 'bounced'
                        WHEN 'exception' THEN 'failed'
                        WHEN 'canceled' THEN 'cancelled'
                        ELSE 'queued'
                    END)::varchar AS status,
                   m.record_name::varchar AS name,
                   COALESCE(
                       NULLIF(m.subject, ''),
                       left(btrim(regexp_replace(m.body, '<[^>]*>|\\s+', ' ', 'g')), 200)
                   )::varchar AS subject,
                   m.model::varchar AS res_model,
                   m.res_id AS res_id,
                   m.create_uid AS user_id,
                   m.record_company_id AS company_id
              FROM mail_notification n
              JOIN mail_message m ON m.id = n.mail_message_id
             WHERE n.notification_type IN ('email', 'sms', 'snail')
               AND n.res_partner_id IS NOT NULL
               AND m.message_type != 'user_notification'
               AND m.author_id IS DISTINCT FROM n.res_partner_id
            """,
            id=self._communication_row_id(SQL("n.id"), 1),
        )

    # --------------------------------------------------------------- actions

    def action_open_document(self):
        """Open the document behind the row (the request, the service, ...), under its own access rules."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            raise UserError(self.env._("This communication has no document to open."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The document of this communication no longer exists."))
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
