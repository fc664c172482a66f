from odoo import api, fields, models
from odoo.tools import SQL


class TelmicoCommunication(models.Model):
    """Every mailing message of the client (SMS, e-mail, personal cabinet) in the card's communications (source 4)."""

    _inherit = "telmico.communication"
    _depends = {
        "mailing.trace": [
            "model",
            "res_id",
            "trace_type",
            "trace_status",
            "sent_datetime",
            "mass_mailing_id",
            "trigger_id",
            "cabinet_message_id",
            "trigger_subject",
        ],
        "mailing.mailing": ["subject", "body_plaintext", "cabinet_delivery", "user_id"],
        "telmico.mailing.message": ["mailing_id", "partner_id", "is_read"],
        "telmico.mailing.trigger": ["create_uid"],
    }

    kind = fields.Selection(selection_add=[("mailing", "Mailing")])
    status = fields.Selection(selection_add=[("delivered", "Delivered"), ("opened", "Opened")])

    @api.model
    def _communication_sources(self):
        return {**super()._communication_sources(), 4: ("mailing_trace", self._communication_query_mailings())}

    @api.model
    def _communication_query_mailings(self):
        """The traces of the mailings and event-driven messages sent to clients, with their delivery status (a
        cabinet message read: opened).

        Odoo's trace statuses: ``pending`` is handed to the gateway / mail server (*Sent*), ``sent`` is
        delivered (an SMS delivery report; a cabinet message at once), ``open`` / ``reply`` opened.
        """
        return SQL(
            """
            SELECT %(id)s AS id,
                   COALESCE(t.sent_datetime, t.create_date) AS date,
                   t.res_id AS partner_id,
                   'outgoing'::varchar AS direction,
                   (CASE WHEN t.trace_type = 'sms' THEN 'sms'
                         WHEN mm.cabinet_delivery OR t.cabinet_message_id IS NOT NULL THEN 'portal'
                         ELSE 'email'
                    END)::varchar AS channel,
                   'mailing'::varchar AS kind,
                   (CASE WHEN COALESCE(msg.is_read, tmsg.is_read) THEN 'opened'
                         ELSE CASE t.trace_status
                             WHEN 'pending' THEN 'sent'
                             WHEN 'sent' THEN 'delivered'
                             WHEN 'open' THEN 'opened'
                             WHEN 'reply' THEN 'opened'
                             WHEN 'bounce' THEN 'bounced'
                             WHEN 'error' THEN 'failed'
                             WHEN 'cancel' THEN 'cancelled'
                             ELSE 'queued'
                         END
                    END)::varchar AS status,
                   COALESCE(mm.subject, t.trigger_subject)::varchar AS name,
                   COALESCE(NULLIF(mm.subject, ''), left(mm.body_plaintext, 200), t.trigger_subject)::varchar AS subject,
                   (CASE WHEN mm.id IS NOT NULL THEN 'mailing.mailing' ELSE 'telmico.mailing.trigger' END)::varchar
                       AS res_model,
                   COALESCE(mm.id, tr.id) AS res_id,
                   COALESCE(mm.user_id, tr.create_uid) AS user_id,
                   NULL::int4 AS company_id
              FROM mailing_trace t
         LEFT JOIN mailing_mailing mm ON mm.id = t.mass_mailing_id
         LEFT JOIN telmico_mailing_trigger tr ON tr.id = t.trigger_id
         LEFT JOIN telmico_mailing_message msg
                ON mm.cabinet_delivery AND msg.mailing_id = mm.id AND msg.partner_id = t.res_id
         LEFT JOIN telmico_mailing_message tmsg ON tmsg.id = t.cabinet_message_id
             WHERE t.model = 'res.partner'
               AND t.res_id IS NOT NULL
               AND (mm.id IS NOT NULL OR tr.id IS NOT NULL)
            """,
            id=self._communication_row_id(SQL("t.id"), 4),
        )
