from odoo.tests import tagged

from .common import MailingCase


@tagged("post_install", "-at_install", "telmico_mailing")
class TestMailingCommunications(MailingCase):
    """Every mailing message of a client shows in the client card's communications, with its delivery status."""

    def _rows(self, partner):
        return self.env["telmico.communication"].search(
            [("partner_id", "=", partner.id), ("kind", "=", "mailing")], order="id"
        )

    def test_sms_email_and_cabinet_messages_listed(self):
        sms = self._mailing("sms", "transactional", subject="SMS შეხსენება")
        sms.action_send_sms()
        email = self._mailing("mail", "transactional", subject="ელფოსტით")
        email.action_send_mail()
        cabinet = self._mailing("mail", "transactional", subject="კაბინეტში", cabinet_delivery=True)
        cabinet.action_send_mail()
        rows = self._rows(self.nino)
        self.assertEqual(
            sorted((row.channel, row.subject, row.res_model, row.res_id) for row in rows),
            [
                ("email", "ელფოსტით", "mailing.mailing", email.id),
                ("portal", "კაბინეტში", "mailing.mailing", cabinet.id),
                ("sms", "SMS შეხსენება", "mailing.mailing", sms.id),
            ],
        )
        self.assertEqual(set(rows.mapped("direction")), {"outgoing"})
        status = {row.channel: row.status for row in rows}
        self.assertEqual(status["sms"], "queued")
        self.assertEqual(status["portal"], "delivered")
        self.assertFalse(self._rows(self.levan).filtered(lambda row: row.channel == "sms"), "no SMS consent")
        self.assertIn(self.nino.id, rows.mapped("partner_id").ids)

        # the SMS's life: handed to the gateway (sent), then its delivery report (delivered) or an error
        sms_trace = sms.mailing_trace_ids.filtered(lambda trace: trace.res_id == self.nino.id)
        sms_trace.trace_status = "pending"
        self.assertEqual(self._status(self.nino, "sms"), "sent")
        sms_trace.trace_status = "sent"
        self.assertEqual(self._status(self.nino, "sms"), "delivered")
        sms.mailing_trace_ids.filtered(lambda trace: trace.res_id == self.tamar.id).trace_status = "error"
        self.assertEqual(self._status(self.tamar, "sms"), "failed")
        # the cabinet message read by the client: opened
        self.env["telmico.mailing.message"].search(
            [("mailing_id", "=", cabinet.id), ("partner_id", "=", self.nino.id)]
        )._mark_read()
        self.assertEqual(self._status(self.nino, "portal"), "opened")

    def _status(self, partner, channel):
        self.env.invalidate_all()
        return self._rows(partner).filtered(lambda row: row.channel == channel).status

    def test_client_row_read_through_the_trace_index(self):
        self._mailing("sms", "transactional").action_send_sms()
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM telmico_communication WHERE partner_id = %s ORDER BY date DESC LIMIT 80",
            [self.nino.id],
        )
        plan = "\n".join(line for (line,) in self.env.cr.fetchall())
        self.assertIn("mailing_trace_partner_res_id_idx", plan)
