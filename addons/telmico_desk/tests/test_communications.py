from datetime import datetime

from .common import DeskCase


class TestCommunications(DeskCase):
    """The client card's communications list the client's requests (inbound and outbound) among the messages."""

    def _rows(self, user=None):
        Communication = self.env["telmico.communication"].with_user(user or self.agent)
        return Communication.search([("partner_id", "=", self.client.id)])

    def test_inbound_and_outbound_in_order(self):
        inbound = self._request(subject="შუქი არ არის", channel="email", date_registered=datetime(2026, 10, 1, 9, 0))
        answer = inbound.with_context(mail_notify_force_send=False).message_post(
            body="<p>ბრიგადა გზაშია.</p>",
            subject="პასუხი მომართვაზე",
            partner_ids=self.client.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        answer.sudo().date = datetime(2026, 10, 2, 9, 0)
        outbound = self._draft_request(
            direction="outgoing",
            outgoing_kind="sms",
            partner_id=self.client.id,
            subject="გადახდის შეხსენება",
            outgoing_body="გადახდის ვადა იწურება",
        )
        outbound.action_register()
        outbound.sudo().date_registered = datetime(2026, 10, 5, 9, 0)
        for message in outbound.message_ids:
            message.sudo().date = datetime(2026, 10, 5, 9, 1)
        # a registration still being typed is no communication yet
        self._draft_request(partner_id=self.client.id, subject="ჯერ არ დარეგისტრირებულა")

        rows = self._rows()
        listed = [(row.kind, row.direction, row.channel, row.subject) for row in rows]
        self.assertEqual(
            listed,
            [
                ("message", "outgoing", "sms", listed[0][3]),
                ("request", "outgoing", outbound.channel, "გადახდის შეხსენება"),
                ("message", "outgoing", "email", "პასუხი მომართვაზე"),
                ("request", "incoming", "email", "შუქი არ არის"),
            ],
        )
        self.assertEqual((rows[0].res_model, rows[0].res_id), ("telmico.request", outbound.id), "the SMS sent")
        self.assertEqual(rows.mapped("date"), sorted(rows.mapped("date"), reverse=True))
        request_row = rows[3]
        self.assertEqual((request_row.status, request_row.name), ("new", inbound.name))
        self.assertEqual((rows[2].res_model, rows[2].res_id), ("telmico.request", inbound.id))
        action = request_row.action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("telmico.request", inbound.id))
        # the status follows the request
        inbound.sudo().state = "in_progress"
        rows.invalidate_recordset()
        self.assertEqual(self._rows()[3].status, "in_progress")
        self.assertEqual(self.client.communication_count, 4)

    def test_row_read_by_id_through_an_index(self):
        self._request(subject="შუქი არ არის", channel="email")
        row = self._rows()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("EXPLAIN SELECT subject FROM telmico_communication WHERE id IN %s", [tuple(row.ids)])
        plan = "\n".join(line for (line,) in self.env.cr.fetchall())
        self.assertIn("telmico_request_telmico_communication_idx", plan)
