import base64

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DeskCase

MAIL_PLAIN = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.ge (Postfix, from userid 10002)
    id 5DF9ABFB2A; Mon, 23 Nov 2026 10:00:00 +0400 (GET)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
Date: Mon, 23 Nov 2026 10:00:00 +0400
Message-ID: {msg_id}
{extra}
გამარჯობა, ოქტომბრის ქვითარი არ მომსვლია. აბონენტი 2000000001.
"""

MAIL_HTML_ONLY = """Return-Path: {return_path}
To: {to}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Message-ID: {msg_id}
{extra}
<html><body><p>მხოლოდ <b>HTML</b> ტექსტი</p></body></html>
"""

MAIL_NO_BODY = """Return-Path: {return_path}
To: {to}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Message-ID: {msg_id}
{extra}
"""

# declared as latin-1 but the bytes are UTF-8 Georgian: broken encoding must not crash the gateway
MAIL_BROKEN_CHARSET = """Return-Path: {return_path}
To: {to}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"
Message-ID: {msg_id}
{extra}
--BOUNDARY
Content-Type: text/plain; charset="x-unknown-charset"
Content-Transfer-Encoding: 8bit

ტექსტი უცნობი კოდირებით
--BOUNDARY
Content-Type: application/pdf; name="qvitari.pdf"
Content-Disposition: attachment; filename="qvitari.pdf"
Content-Transfer-Encoding: base64

{attachment}
--BOUNDARY--
"""

MAIL_BOUNCE = """Return-Path: <>
To: {to}
From: MAILER-DAEMON <mailer-daemon@mail.example.ge>
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"
Message-ID: {msg_id}
{extra}
--B
Content-Type: text/plain

Delivery failed.
--B--
"""


@tagged("post_install", "-at_install")
class TestMailGateway(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = f"support@{cls.alias_domain}"
        cls.legal = f"legal-desk@{cls.alias_domain}"

    def _process(self, template, subject, email_from="ნანა კაპანაძე <nana.kapanadze@example.ge>", to=None, **kw):
        return self.format_and_process(
            template,
            email_from,
            to or self.support,
            subject=subject,
            target_model="telmico.request",
            target_field="subject",
            **kw,
        )

    def test_new_mail_from_unknown_sender_creates_request_and_contact(self):
        request = self._process(MAIL_PLAIN, "ქვითარი არ მომივიდა")
        self.assertEqual(len(request), 1)
        self.assertEqual((request.channel, request.state, request.team_id), ("email", "new", self.team))
        self.assertRegex(request.name, r"^REQ-\d{4}-\d{6}$")
        self.assertEqual(request.partner_id.email, "nana.kapanadze@example.ge")
        self.assertEqual(request.partner_id.name, "ნანა კაპანაძე")
        self.assertFalse(request.partner_id.identity_confirmed, "a stranger's identity is not confirmed")
        self.assertIn("ოქტომბრის ქვითარი", request.description)
        self.assertIn(request.partner_id, request.message_partner_ids)

    def test_known_sender_is_matched_and_team_alias_used(self):
        request = self._process(MAIL_PLAIN, "სასამართლო საქმე", email_from=self.client.email, to=self.legal)
        self.assertEqual(request.partner_id, self.client)
        self.assertEqual(request.team_id, self.other_team)

    def test_reply_threads_even_with_new_subject(self):
        request = self._process(MAIL_PLAIN, "პირველი წერილი", email_from=self.client.email)
        first_message_id = request.message_ids[-1].message_id
        request.action_pending()
        self._process(
            MAIL_PLAIN,
            "სულ სხვა თემა",
            email_from=self.client.email,
            extra=f"In-Reply-To: {first_message_id}\nReferences: {first_message_id}",
        )
        self.assertFalse(self.env["telmico.request"].search([("subject", "=", "სულ სხვა თემა")]))
        self.assertEqual(len(request.message_ids.filtered(lambda m: m.message_type == "email")), 2)
        self.assertEqual(request.state, "in_progress", "the client's answer ends the wait")

    def test_reply_to_resolved_request_reopens_it(self):
        request = self._process(MAIL_PLAIN, "ისევ პრობლემა", email_from=self.client.email)
        request.action_take()
        request.action_resolve()
        message_id = request.message_ids.filtered(lambda m: m.message_type == "email")[-1].message_id
        self._process(MAIL_PLAIN, "Re: ისევ პრობლემა", email_from=self.client.email, extra=f"In-Reply-To: {message_id}")
        self.assertEqual((request.state, request.reopen_count), ("in_progress", 1))

    def test_attachments_html_only_and_empty_bodies_are_kept(self):
        pdf = base64.b64encode(b"%PDF-1.4 qvitari").decode()
        request = self._process(MAIL_BROKEN_CHARSET, "უცნობი კოდირება", attachment=pdf)
        self.assertEqual(len(request), 1, "a broken charset still gives a request")
        self.assertEqual(request.message_ids.attachment_ids.mapped("name"), ["qvitari.pdf"])
        html_request = self._process(MAIL_HTML_ONLY, "HTML წერილი")
        self.assertIn("HTML", html_request.description)
        empty = self._process(MAIL_NO_BODY, "ცარიელი წერილი")
        self.assertEqual(empty.state, "new")
        mail = self.format(
            MAIL_PLAIN.replace("Subject: {subject}\n", ""), email_from="anon@example.ge", to=self.support
        )
        self.env["mail.thread"].sudo().message_process(None, mail)
        no_subject = self.env["telmico.request"].search([("email_from", "=", "anon@example.ge")])
        self.assertEqual(no_subject.subject, "(no subject)")

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.telmico_desk.models.mail_thread")
    def test_auto_replies_bounces_and_loops_are_ignored(self):
        auto = self._process(MAIL_PLAIN, "შვებულებაში ვარ", extra="Auto-Submitted: auto-replied")
        self.assertFalse(auto)
        vacation = self._process(MAIL_PLAIN, "Out of office", extra="X-Autoreply: yes")
        self.assertFalse(vacation)
        bulk = self._process(MAIL_PLAIN, "სიახლეები", extra="Precedence: bulk")
        self.assertFalse(bulk)
        bounce = self._process(
            MAIL_BOUNCE, "Undelivered Mail Returned to Sender", email_from="mailer-daemon@mail.example.ge"
        )
        self.assertFalse(bounce)
        # a robot writing again and again: Odoo's loop guard stops creating requests after the threshold
        self.env["ir.config_parameter"].sudo().set_param("mail.gateway.loop.threshold", 3)
        for index in range(5):
            self._process(MAIL_PLAIN, f"robot {index}", email_from="robot@example.ge")
        robot_requests = self.env["telmico.request"].search([("email_from", "ilike", "robot@example.ge")])
        self.assertEqual(len(robot_requests), 3)

    def test_a_person_writing_normally_is_not_auto(self):
        request = self._process(MAIL_PLAIN, "ჩვეულებრივი", extra="Auto-Submitted: no")
        self.assertEqual(len(request), 1)
