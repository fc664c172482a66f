import threading
import time
from collections import Counter
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.api import Transaction
from odoo.exceptions import ValidationError
from odoo.modules import module
from odoo.tests import TransactionCase, tagged
from odoo.tools import config
from simulators.mail import MailSimulator

from ..models.mail_mail import SENDER_CRONS


@tagged("post_install", "-at_install")
class TestMailSenders(TransactionCase):
    """The mail queue's parallel senders: each claims its own mails, so none is sent twice."""

    def _mail(self, email, **values):
        return {
            "subject": "თქვენი ანგარიში",
            "body_html": "<p>გამარჯობა!</p>",
            "email_from": "info@telmico.ge",
            "email_to": email,
            "auto_delete": False,
            **values,
        }

    def test_concurrent_senders_send_each_mail_once(self):
        """Two senders (threads, each with its own cursor and transactions) on the same queue, to the mail
        catcher: every mail (a mailing's and others) arrives exactly once, both senders send, none fails, and
        the mailing's traces follow their mails."""
        catcher = MailSimulator().start()
        self.addCleanup(catcher.stop)
        deliver = catcher.deliver

        def deliver_at_a_servers_pace(*args, **kwargs):
            # 20 ms a mail, as a real SMTP server answers: a sender cannot send the whole queue before the other's
            # first claim, however slow the machine is to start the other
            time.sleep(0.02)
            return deliver(*args, **kwargs)

        catcher.deliver = deliver_at_a_servers_pace
        emails = [f"client{number}@example.ge" for number in range(30)]
        clients = [f"mailing{number}@example.ge" for number in range(30)]
        with self.registry.cursor() as cr:  # committed: the senders' own cursors must see them
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].create(
                [{"name": f"კლიენტი {email}", "email": email, "consent_email": True} for email in clients]
            )
            mailing = env["mailing.mailing"].create(
                {
                    "subject": "თქვენი ანგარიში",
                    "mailing_type": "mail",
                    "mailing_kind": "transactional",
                    "mailing_model_id": env["ir.model"]._get("res.partner").id,
                    "mailing_domain": repr([("id", "in", partners.ids)]),
                    "body_html": '<p>გამარჯობა! <a href="https://telmico.ge/pay">გადახდა</a></p>',
                    "email_from": "info@telmico.ge",
                }
            )
            params = env["ir.config_parameter"]
            limit = params.get_param("mail.mail.force.send.limit")
            params.set_param("mail.mail.force.send.limit", 0)  # queued, not sent at once (30 recipients)
            mailing.action_send_mail()
            params.set_param("mail.mail.force.send.limit", limit)
            ids = env["mail.mail"].create([self._mail(email) for email in emails]).ids
            ids += env["mail.mail"].search([("mailing_id", "=", mailing.id)]).ids
            mailing_id, partner_ids = mailing.id, partners.ids
        self.assertEqual(len(ids), 60)
        self.addCleanup(self._drop_mailing, mailing_id, partner_ids, ids)

        counts, errors = {}, []
        start = threading.Barrier(2)

        def sender(name):
            try:
                with self.registry.cursor() as cr:
                    # the registry given, not looked up: the test runner holds the registries' lock
                    cr.transaction = Transaction(self.registry)
                    Mail = api.Environment(cr, SUPERUSER_ID, {})["mail.mail"]
                    start.wait(timeout=30)
                    counts[name] = 0
                    while claimed := Mail.process_email_queue(ids=ids, batch_size=5):
                        counts[name] += claimed
            except Exception as error:  # any error: reported by the test below
                errors.append(error)

        options = {"smtp_server": "127.0.0.1", "smtp_port": catcher.smtp_port, "smtp_ssl": False}
        with patch.dict(config.options, options), patch.object(module, "current_test", False):
            threads = [threading.Thread(target=sender, args=(name,)) for name in ("A", "B")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)

        self.assertFalse(errors)
        received = Counter(recipient for message in catcher.messages for recipient in message["rcpt_to"])
        self.assertEqual(received, Counter(emails + clients), "every mail reaches the catcher exactly once")
        self.assertEqual(counts["A"] + counts["B"], len(ids), "each mail was claimed by one sender only")
        self.assertTrue(counts["A"] and counts["B"], f"both senders sent mails: {counts}")
        with self.registry.cursor() as cr:  # the test's own transaction began before the senders' commits
            cr.execute("SELECT state, count(*) FROM mail_mail WHERE id IN %s GROUP BY 1", [tuple(ids)])
            self.assertEqual(cr.fetchall(), [("sent", 30)], "the other mails sent; the mailing's deleted once sent")
            cr.execute(
                "SELECT trace_status, count(*), count(sent_datetime) FROM mailing_trace WHERE mass_mailing_id = %s"
                " GROUP BY 1",
                [mailing_id],
            )
            self.assertEqual(cr.fetchall(), [("sent", 30, 30)], "the mailing's traces are sent")

    def _drop_mailing(self, mailing_id, partner_ids, mail_ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.mail"].browse(mail_ids).exists().unlink()
            env["mailing.trace"].search([("mass_mailing_id", "=", mailing_id)]).unlink()
            env["mailing.mailing"].browse(mailing_id).unlink()
            env["res.partner"].browse(partner_ids).unlink()

    def test_claimed_mails_left_to_their_sender(self):
        """A mail another sender claimed is left to it, unless the claim is stale (a sender that crashed)."""
        now = fields.Datetime.now()
        Mail = self.env["mail.mail"]
        free, claimed, stale = Mail.create(
            [
                self._mail("free@example.ge"),
                self._mail("claimed@example.ge", sender_claimed_at=now - timedelta(minutes=5)),
                self._mail("stale@example.ge", sender_claimed_at=now - timedelta(hours=2)),
            ]
        )
        Mail.process_email_queue(ids=(free | claimed | stale).ids)
        self.assertEqual(free.state, "sent")
        self.assertEqual(claimed.state, "outgoing")
        self.assertEqual(claimed.sender_claimed_at, now - timedelta(minutes=5), "the live claim is kept")
        self.assertEqual(stale.state, "sent")

    def test_stock_queue_still_sends_other_mails(self):
        """A mail of no mailing (a chatter notification) goes out through the queue as in Odoo."""
        partner = self.env["res.partner"].create({"name": "ნინო კაპანაძე", "email": "nino@example.ge"})
        partner.with_context(mail_notify_force_send=False).message_post(
            body="შეტყობინება", partner_ids=partner.ids, message_type="comment"
        )
        mail = self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])
        self.assertEqual(mail.state, "outgoing")
        self.env["mail.mail"].process_email_queue()
        self.assertFalse(mail.exists() and mail.state == "outgoing", "sent (and deleted, as Odoo does)")
        notification = self.env["mail.notification"].search([("res_partner_id", "=", partner.id)])
        self.assertEqual(notification.notification_status, "sent")

    def test_sender_count_setting(self):
        """The setting activates Odoo's queue cron plus as many sender crons; out of range is refused."""
        crons = [self.env.ref(xmlid) for xmlid in SENDER_CRONS]
        self.env["res.config.settings"].create({"telmico_email_senders": 3}).execute()
        self.assertEqual([cron.active for cron in crons], [True, True, False, False, False])
        self.env["res.config.settings"].create({"telmico_email_senders": 1}).execute()
        self.assertFalse(any(cron.active for cron in crons))
        for wrong in (0, len(SENDER_CRONS) + 2):
            with self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({"telmico_email_senders": wrong}).execute()
