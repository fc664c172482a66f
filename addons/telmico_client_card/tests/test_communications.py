from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import ClientCardCase


class TestCommunications(ClientCardCase):
    """The client card's one chronological list of communications: here, what was sent to the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._client(first_name="გიორგი", last_name="ბერიძე", email="giorgi@example.ge")
        cls.other = cls._client(first_name="ნინო", last_name="კაპანაძე", email="nino@example.ge")

    def _send(self, partner, subject, when, author=None):
        """A message to ``partner`` from its card, as an employee writes it (mailed to the client)."""
        # queued as in production (tests send notifications at once)
        message = (
            partner.with_user(author or self.user)
            .with_context(mail_notify_force_send=False)
            .message_post(
                body=f"<p>{subject}: ტექსტი</p>",
                subject=subject,
                partner_ids=partner.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        )
        message.sudo().date = when
        return message

    def _rows(self, partner, user=None):
        Communication = self.env["telmico.communication"].with_user(user or self.user)
        return Communication.search([("partner_id", "=", partner.id)])

    def test_messages_sent_to_the_client_newest_first(self):
        older = self._send(self.client, "შეხსენება", datetime(2026, 10, 1, 9, 0))
        newer = self._send(self.client, "პასუხი", datetime(2026, 11, 2, 9, 0))
        self._send(self.other, "სხვა კლიენტს", datetime(2026, 11, 3, 9, 0))
        # the client's own message is not something sent to them
        self.client.message_post(body="მადლობა", author_id=self.client.id, message_type="comment")
        rows = self._rows(self.client)
        self.assertEqual(rows.mapped("subject"), ["პასუხი", "შეხსენება"])
        self.assertEqual(set(rows.mapped("direction")), {"outgoing"})
        self.assertEqual(set(rows.mapped("channel")), {"email"})
        self.assertEqual(set(rows.mapped("status")), {"queued"})
        self.assertEqual(rows[0].user_id, self.user)
        self.assertEqual((rows[0].res_model, rows[0].res_id), ("res.partner", self.client.id))
        self.assertEqual(self.client.communication_count, 2)
        action = self.client.action_open_communications()
        self.assertEqual(self.env["telmico.communication"].search(action["domain"]), rows)
        # the delivery status follows the notification's
        newer.notification_ids.sudo().notification_status = "exception"
        older.notification_ids.sudo().notification_status = "sent"
        rows.invalidate_recordset()
        self.assertEqual(rows.mapped("status"), ["failed", "sent"])

    def test_row_opens_its_document(self):
        self._send(self.client, "შეხსენება", datetime(2026, 10, 1, 9, 0))
        row = self._rows(self.client)
        action = row.with_user(self.user).action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.client.id))
        # read again by its id (as a button click does): the same row
        again = self.env["telmico.communication"].with_user(self.user).browse(row.id)
        self.assertEqual(again.subject, "შეხსენება")

    def test_row_read_by_id_through_an_index(self):
        """The view is read by id when a row is clicked: each source answers from an index, not a scan."""
        self._send(self.client, "შეხსენება", datetime(2026, 10, 1, 9, 0))
        row = self._rows(self.client)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("EXPLAIN SELECT subject FROM telmico_communication WHERE id IN %s", [tuple(row.ids)])
        plan = "\n".join(line for (line,) in self.env.cr.fetchall())
        self.assertIn("mail_notification_telmico_communication_idx", plan)
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM telmico_communication WHERE partner_id = %s ORDER BY date DESC LIMIT 80",
            [self.client.id],
        )
        plan = "\n".join(line for (line,) in self.env.cr.fetchall())
        self.assertNotIn("Seq Scan", plan)

    def test_who_sees_the_communications(self):
        self._send(self.client, "შეხსენება", datetime(2026, 10, 1, 9, 0))
        self.assertEqual(len(self._rows(self.client, self.supervisor)), 1)
        portal = new_test_user(self.env, login="cc_portal_comm", groups="base.group_portal", partner_id=self.client.id)
        with self.assertRaises(AccessError):
            self._rows(self.client, portal)
