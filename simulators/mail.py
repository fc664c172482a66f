"""A local mail catcher: an SMTP sink that keeps every mail it is given, and a page to read them.

``make run`` starts it and points Odoo's outgoing mail at it (``--smtp`` / ``--smtp-port``), so
what customers would receive is really delivered somewhere visible instead of failing with
"Connection refused": nothing leaves the machine.

    python -m simulators.mail --port 8025 --smtp-port 2525 [--dir .local/mail]

* SMTP on ``--smtp-port`` (plain, no authentication, no TLS: ``EHLO``/``HELO``, ``MAIL``, ``RCPT``,
  ``DATA``, ``RSET``, ``NOOP``, ``QUIT``); a mail above 25 MB is refused (552);
* ``GET /`` - the mails received, newest first (sender, recipients, subject, date);
* ``GET /messages`` - the same as JSON; ``GET /messages/<n>`` - mail ``n`` as received (``.eml``).

Mails are kept in memory and, with ``--dir``, also written there as ``<n>.eml``. Standard
library only, like every simulator.
"""

import socketserver
import sys
import threading
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from http import HTTPStatus
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python simulators/mail.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from simulators.base import Simulator, list_page

MAX_SIZE = 25 * 1024 * 1024
MAX_LINE = 64 * 1024  # longer command lines are refused (RFC 5321 allows 512; mail text lines 1000)


class MailSimulator(Simulator):
    """The HTTP page of the mails received; ``start`` also opens the SMTP port."""

    name = "mail"
    routes = [
        ("GET", r"/", "page"),
        ("GET", r"/messages", "list_messages"),
        ("GET", r"/messages/([0-9]+)", "raw_message"),
    ]

    def __init__(self, host="127.0.0.1", port=0, smtp_port=0, directory=None):
        super().__init__(host, port)
        self.smtp_port = smtp_port
        self.directory = Path(directory) if directory else None
        self.messages = []  # dicts: id, date, mail_from, rcpt_to, subject, raw
        self._smtp = self._smtp_thread = None

    # ------------------------------------------------------------------ lifecycle

    def start(self):
        super().start()
        if self._smtp is None:
            handler = type("BoundSmtpHandler", (_SmtpHandler,), {"simulator": self})
            self._smtp = _SmtpServer((self.host, self.smtp_port), handler)
            self.smtp_port = self._smtp.server_address[1]
            self._smtp_thread = threading.Thread(
                target=self._smtp.serve_forever, name=f"mail-smtp-{self.smtp_port}", daemon=True
            )
            self._smtp_thread.start()
        return self

    def stop(self):
        if self._smtp is not None:
            self._smtp.shutdown()
            self._smtp.server_close()
            self._smtp_thread.join()
            self._smtp = self._smtp_thread = None
        super().stop()

    # ------------------------------------------------------------------ mails

    def deliver(self, mail_from, rcpt_to, raw):
        """Keep one mail (and write it to ``directory``): its number."""
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        with self.lock:
            number = len(self.messages) + 1
            self.messages.append(
                {
                    "id": number,
                    "date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "mail_from": mail_from,
                    "rcpt_to": list(rcpt_to),
                    "subject": str(headers.get("Subject", "")),
                    "raw": raw,
                }
            )
        if self.directory:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / f"{number}.eml").write_bytes(raw)
        if not self.quiet:
            print(f"mail {number}: {mail_from} -> {', '.join(rcpt_to)}", flush=True)
        return number

    def _summaries(self):
        with self.lock:
            return [{k: v for k, v in message.items() if k != "raw"} for message in reversed(self.messages)]

    def page(self, request):
        summaries = self._summaries()
        return list_page(
            "Telmico mail catcher",
            f"Mails sent by Odoo ({len(summaries)})",
            ["#", "Received (UTC)", "From", "To", "Subject"],
            [
                [(f"/messages/{m['id']}", m["id"]), m["date"], m["mail_from"], ", ".join(m["rcpt_to"]), m["subject"]]
                for m in summaries
            ],
        )

    def list_messages(self, request):
        return HTTPStatus.OK, self._summaries()

    def raw_message(self, request):
        number = int(request.groups[0])
        with self.lock:
            found = [m for m in self.messages if m["id"] == number]
        if not found:
            return HTTPStatus.NOT_FOUND, {"error": "no such mail"}
        return HTTPStatus.OK, found[0]["raw"], {"Content-Type": "message/rfc822"}

    # -------------------------------------------------------------- command line

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--smtp-port", type=int, default=2525)
        parser.add_argument("--dir", default=None, help="also write each mail there as <n>.eml")

    @classmethod
    def from_arguments(cls, args):
        return cls(host=args.host, port=args.port, smtp_port=args.smtp_port, directory=args.dir)

    def banner(self):
        return f"mail catcher: SMTP on {self.host}:{self.smtp_port}, mails at {self.url}"


class _SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class _SmtpHandler(socketserver.StreamRequestHandler):
    """One SMTP session (RFC 5321, the part a mail client needs to hand a mail over)."""

    simulator = None
    timeout = 60

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 telmico-mail-catcher ESMTP")
        mail_from, rcpt_to = None, []
        while True:
            line = self.rfile.readline(MAX_LINE + 1)
            if not line:
                return
            if len(line) > MAX_LINE:
                self.reply("500 line too long")
                return
            command, _sep, argument = line.decode("utf-8", "replace").strip().partition(" ")
            verb = command.upper()
            if verb == "EHLO":
                self.reply(f"250-telmico-mail-catcher\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE {MAX_SIZE}")
            elif verb == "HELO":
                self.reply("250 telmico-mail-catcher")
            elif verb == "MAIL" and argument.upper().startswith("FROM:"):
                mail_from, rcpt_to = _address(argument[5:]), []
                self.reply("250 OK")
            elif verb == "RCPT" and argument.upper().startswith("TO:"):
                if mail_from is None:
                    self.reply("503 MAIL first")
                    continue
                rcpt_to.append(_address(argument[3:]))
                self.reply("250 OK")
            elif verb == "DATA":
                if mail_from is None or not rcpt_to:
                    self.reply("503 MAIL and RCPT first")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                raw = self._read_data()
                if raw is None:
                    self.reply(f"552 larger than {MAX_SIZE} bytes")
                else:
                    number = self.simulator.deliver(mail_from, rcpt_to, raw)
                    self.reply(f"250 OK queued as {number}")
                mail_from, rcpt_to = None, []
            elif verb == "RSET":
                mail_from, rcpt_to = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")

    def _read_data(self):
        """The mail's bytes up to the lone ``.`` line (dot-stuffing undone); None when it is too large."""
        lines, size = [], 0
        while True:
            line = self.rfile.readline(MAX_LINE + 1)
            if not line or line in (b".\r\n", b".\n"):
                break
            if line.startswith(b".."):
                line = line[1:]
            size += len(line)
            if size <= MAX_SIZE:
                lines.append(line)
        return b"".join(lines) if size <= MAX_SIZE else None


def _address(text):
    """``<a@b.ge> SIZE=123`` -> ``a@b.ge``."""
    text = text.strip()
    if text.startswith("<"):
        return text[1 : text.find(">")] if ">" in text else text[1:]
    return text.split(" ", 1)[0]


if __name__ == "__main__":
    sys.exit(MailSimulator.main(default_port=8025))
