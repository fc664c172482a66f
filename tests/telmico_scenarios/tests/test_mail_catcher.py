import json
import smtplib
from email import policy
from email.parser import BytesParser
from unittest.mock import patch
from urllib.request import urlopen

from odoo.modules import module
from odoo.tests import TransactionCase
from simulators.mail import MailSimulator


class TestMailCatcher(TransactionCase):
    """`make run` gives Odoo the mail catcher as its SMTP server: a mail Odoo sends is kept there, readable."""

    def test_mail_sent_by_odoo_is_caught(self):
        MailServer = self.env["ir.mail_server"]
        message = MailServer.build_email(
            "info@telmico.ge", ["giorgi@example.ge"], "ქვითრის ასლი", "<p>გამარჯობა</p>", subtype="html"
        )
        with MailSimulator() as catcher:
            # Odoo sends nothing while tests run: lifted here, for this one mail to the local catcher only
            with patch.object(module, "current_test", None):
                MailServer.send_email(message, smtp_server="127.0.0.1", smtp_port=catcher.smtp_port)
            with urlopen(f"{catcher.url}/messages", timeout=10) as answer:
                listed = json.loads(answer.read())
            with urlopen(f"{catcher.url}/messages/1", timeout=10) as answer:
                raw = answer.read()
            with urlopen(catcher.url, timeout=10) as answer:
                page = answer.read().decode()
        self.assertEqual(len(listed), 1)
        self.assertEqual((listed[0]["rcpt_to"], listed[0]["subject"]), (["giorgi@example.ge"], "ქვითრის ასლი"))
        mail = BytesParser(policy=policy.default).parsebytes(raw)
        self.assertIn("გამარჯობა", mail.get_body(("html",)).get_content())
        self.assertIn("ქვითრის ასლი", page)

    def test_refuses_a_mail_without_recipient(self):
        with MailSimulator() as catcher, smtplib.SMTP("127.0.0.1", catcher.smtp_port, timeout=10) as smtp:
            smtp.ehlo()
            self.assertEqual(smtp.docmd("DATA")[0], 503)
            smtp.mail("info@telmico.ge")
            self.assertEqual(smtp.docmd("DATA")[0], 503)
            self.assertEqual(catcher.messages, [])
