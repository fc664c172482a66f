# The feeding half of bench_mail_gateway.py (run by it inside `odoo shell`; see there).
#
# Feeds BENCH_MAILS new Georgian e-mails, then BENCH_REPLIES replies threaded to the first of them (In-Reply-To),
# through mail.thread.message_process as the gateway runs it (sudo, one transaction per mail, as fetchmail does),
# to the product installed in the database: Telmico's desk (alias support@) or OCA helpdesk_mgmt (alias help@).
# Outgoing mail (acknowledgements, notifications) is built and queued as usual but never handed to an SMTP server:
# the connection and the send are replaced by no-ops in both products alike. After the replies, the mails left queued
# (outgoing) are sent as Odoo's mail queue cron sends them, timed apart. Our desk acknowledges a new mail's request in
# a cron right after the gateway's transaction: that cron runs after the new mails, timed apart too. Prints one JSON line: for each phase the rate
# (wall clock), the CPU milliseconds per mail of this Odoo process and of its PostgreSQL backend (read from /proc:
# both run here), and the queries per mail.
# BENCH_PROFILE=<path>: the new mails, the acknowledgements and the replies run under cProfile, stats dumped to
# <path>_new.prof, <path>_ack.prof and <path>_replies.prof (read with pstats or snakeviz).
# BENCH_KNOWN_SENDERS=1: a contact is created for every sender before the mails (not measured): no new contacts.
# BENCH_CONTROL_FD=<fd>: lockstep with another product's feed (see bench_mail_gateway.py): before each chunk of
# BENCH_CHUNK mails (and before the acknowledgements and the queue) print "TURN <phase>" and wait for a line on that
# file descriptor; only the chunks are timed.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import cProfile
import json
import os
import random
import time
from types import SimpleNamespace
from unittest.mock import patch

import odoo.sql_db
from odoo.addons.base.models.ir_mail_server import IrMailServer

N_NEW = int(os.environ.get("BENCH_MAILS", "300"))
N_REPLIES = int(os.environ.get("BENCH_REPLIES", "150"))
CONTROL = os.fdopen(int(os.environ["BENCH_CONTROL_FD"])) if os.environ.get("BENCH_CONTROL_FD") else None
CHUNK = int(os.environ.get("BENCH_CHUNK", "25"))
DOMAIN = "telmico.ge"

FIRST = ["ნინო", "გიორგი", "მარიამ", "ლევან", "თამარ", "დავით", "ანა", "ირაკლი", "ეკა", "ზურაბ", "ნატო", "ლაშა"]
LAST = ["ბერიძე", "კაპანაძე", "გელაშვილი", "მაისურაძე", "ლომიძე", "ჯაფარიძე", "ხარაიშვილი", "წიკლაური"]
LATIN = {"ნინო": "nino", "გიორგი": "giorgi", "მარიამ": "mariam", "ლევან": "levan", "თამარ": "tamar", "დავით": "davit"}
SUBJECTS = [
    "ქვითარი არ მომივიდა",
    "მრიცხველის ჩვენება არასწორია",
    "ელექტროენერგიის შეწყვეტა ვაკეში",
    "გადახდა არ აისახა",
    "ტარიფის შესახებ კითხვა",
    "აბონენტის მონაცემების შეცვლა",
    "საჩივარი: გადაჭარბებული დარიცხვა",
]
BODIES = [
    "გამარჯობა, ოქტომბრის ქვითარი არ მომსვლია. აბონენტი {n}. გთხოვთ, გადაამოწმოთ.",
    "მოგესალმებით! მრიცხველის ჩვენება {n} არ ემთხვევა ქვითარში მითითებულს. რა ვქნა?",
    "დილიდან შუქი არ გვაქვს, ჭავჭავაძის გამზირი {n}. როდის აღდგება?",
    "გადავიხადე 45 ლარი, მაგრამ ბალანსზე არ ჩანს. აბონენტის ნომერი {n}.",
]


def sender_address(index, first):
    """The address of mail ``index`` written by a client named ``first``: 120 different numbers."""
    return f"{LATIN.get(first, 'client')}.{index % 120}@example.ge"


def make_mail(index, to, rng, in_reply_to=None, subject=None, author=None):
    """(Message-Id, author, raw text) of a client's mail; 120 different addresses write."""
    first, last = author or (rng.choice(FIRST), rng.choice(LAST))
    sender = sender_address(index, first)
    message_id = f"<bench-{index}-{'reply' if in_reply_to else 'new'}@mail.example.ge>"
    body = rng.choice(BODIES).format(n=2000000000 + index)
    headers = [
        f"From: {first} {last} <{sender}>",
        f"To: {to}",
        f"Subject: {subject or rng.choice(SUBJECTS)}",
        f"Message-ID: {message_id}",
        "Date: Mon, 23 Nov 2026 10:00:00 +0400",
        "MIME-Version: 1.0",
    ]
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    if index % 3:
        headers.append('Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit')
        text = "\n".join(headers) + f"\n\n{body}\n\nპატივისცემით,\n{first} {last}\n"
    else:
        headers.append('Content-Type: multipart/alternative; boundary="ALT"')
        text = "\n".join(headers) + (
            f'\n\n--ALT\nContent-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n{body}\n'
            f'--ALT\nContent-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n'
            f"<html><body><p>{body}</p><p>პატივისცემით,<br/>{first} {last}</p></body></html>\n--ALT--\n"
        )
    return message_id, (first, last), text


def setup():
    """The alias domain and the address the product reads mail on."""
    alias_domain = env["mail.alias.domain"].search([("name", "=", DOMAIN)], limit=1) or env["mail.alias.domain"].create(
        {"name": DOMAIN}
    )
    env.company.alias_domain_id = alias_domain
    env["mail.alias"].search([("alias_domain_id", "=", False)]).alias_domain_id = alias_domain
    if "telmico.request" in env:
        return "telmico.request", f"support@{DOMAIN}"
    return "helpdesk.ticket", f"help@{DOMAIN}"


def backend_cpu():
    """CPU seconds the PostgreSQL backend of this cursor has used (the server runs on this machine)."""
    env.cr.execute("SELECT pg_backend_pid()")
    try:
        with open(f"/proc/{env.cr.fetchone()[0]}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # another machine, or no right to read it
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(run):
    """Wall seconds, Odoo CPU seconds, PostgreSQL CPU seconds and queries of ``run()``."""
    queries, pg_cpu = odoo.sql_db.sql_counter, backend_cpu()
    start, cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, backend_cpu() - pg_cpu, odoo.sql_db.sql_counter - queries - 2  # the two backend_cpu() queries


def turn(phase):
    """In lockstep, wait for this process's turn (the other product's process runs meanwhile)."""
    if CONTROL:
        print(f"TURN {phase}", flush=True)
        CONTROL.readline()


def feed(mails, phase):
    """The mails through the gateway, one transaction each: the sums of measure() over the chunks (one chunk of all
    unless in lockstep)."""
    Thread = env["mail.thread"].sudo()

    def run(chunk):
        def process():
            for raw in chunk:
                Thread.message_process(False, raw.encode())
                env.cr.commit()

        return process

    totals = (0.0, 0.0, 0.0, 0)
    size = CHUNK if CONTROL else max(len(mails), 1)
    for start in range(0, len(mails), size):
        turn(phase)
        totals = tuple(a + b for a, b in zip(totals, measure(run(mails[start : start + size])), strict=True))
    return totals


def figures(prefix, count, measured):
    wall, cpu, pg_cpu, queries = measured
    return {
        f"{prefix}_per_s": round(count / wall, 1) if count else None,
        f"{prefix}_cpu_ms": round(1000 * cpu / count, 1) if count else None,
        f"{prefix}_pg_cpu_ms": round(1000 * pg_cpu / count, 1) if count else None,
        f"{prefix}_queries": round(queries / count, 1) if count else None,
    }


def send_queue():
    """The mail queue's cron, as it runs after the gateway's transactions: what it sends and how fast."""
    env.cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")
    queued = env.cr.fetchone()[0]
    turn("queue")
    measured = measure(lambda: env["mail.mail"].sudo().process_email_queue())
    env.cr.commit()
    return {"queue_mails": queued, **figures("queue", queued, measured)}


def acknowledge():
    """Our acknowledgements of the new mails, as the desk's cron sends them right after the gateway's transactions
    (OCA helpdesk_mgmt acknowledges nothing): an unknown sender's contact made, the acknowledgement rendered and
    queued, timed apart."""
    if "telmico.request" not in env:
        return {"ack_requests": 0}
    Request = env["telmico.request"].sudo()
    pending = Request.search_count([("ack_pending", "=", True)])
    turn("ack")

    def run():
        while Request._cron_acknowledge():
            env.cr.commit()

    return {"ack_requests": pending, **figures("ack", pending, measure(run))}


def profiled(phase, run):
    """``run()``, under cProfile when BENCH_PROFILE is set (stats dumped to <BENCH_PROFILE>_<phase>.prof)."""
    path = os.environ.get("BENCH_PROFILE")
    if not path:
        return run()
    profiler = cProfile.Profile()
    try:
        return profiler.runcall(run)
    finally:
        profiler.dump_stats(f"{path}_{phase}.prof")


def main():
    model, address = setup()
    env.cr.commit()
    rng = random.Random(18)
    new = [make_mail(index, address, rng) for index in range(N_NEW)]
    # the same client answers (same address: index modulo 120), quoting the Message-Id of their first mail
    replies = [
        make_mail(index, address, rng, in_reply_to=new[index][0], subject="Re: პასუხი", author=new[index][1])[2]
        for index in range(N_REPLIES)
    ]
    if os.environ.get("BENCH_KNOWN_SENDERS"):
        # every sender already has a contact: both products then only match it, none is created by ours
        senders = {}
        for index, (_message_id, (first, last), _raw) in enumerate(new):
            senders.setdefault(sender_address(index, first), f"{first} {last}")
        env["res.partner"].create([{"name": name, "email": email} for email, name in senders.items()])
        env.cr.commit()
    before = env[model].search_count([])
    with (
        patch.object(IrMailServer, "connect", lambda self, *args, **kwargs: SimpleNamespace(quit=lambda: None)),
        patch.object(IrMailServer, "send_email", lambda self, message, *args, **kwargs: message["Message-Id"]),
    ):
        new_measured = profiled("new", lambda: feed([raw for _message_id, _author, raw in new], "new"))
        created = env[model].search_count([]) - before
        ack = profiled("ack", acknowledge)
        reply_measured = profiled("replies", lambda: feed(replies, "replies"))
        queue = send_queue()
    env.cr.execute("SELECT count(*) FROM mail_mail")
    outgoing = env.cr.fetchone()[0]
    print(
        "BENCH "
        + json.dumps(
            {
                "model": model,
                "new_mails": N_NEW,
                "created": created,
                **figures("new", N_NEW, new_measured),
                "replies": N_REPLIES,
                **figures("replies", N_REPLIES, reply_measured),
                **ack,
                **queue,
                "outgoing_mails": outgoing,
            }
        ),
        flush=True,
    )


main()
