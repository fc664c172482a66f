# The feeding half of bench_mail_gateway.py (run by it inside `odoo shell`; see there).
#
# Feeds BENCH_MAILS new Georgian e-mails, then BENCH_REPLIES replies threaded to the first of them (In-Reply-To),
# through mail.thread.message_process as the gateway runs it (sudo, one transaction per mail, as fetchmail does),
# to the product installed in the database: Telmico's desk (alias support@) or OCA helpdesk_mgmt (alias help@).
# Outgoing mail (acknowledgements, notifications) is built and queued as usual but never handed to an SMTP server:
# the send is replaced by a no-op in both products alike. Prints one JSON line with the rates.
# BENCH_PROFILE=<file>: the new mails run under cProfile, stats dumped there (read with pstats or snakeviz).
# ruff: noqa: F821  (`env` is provided by odoo shell)
import cProfile
import json
import os
import random
import time
from unittest.mock import patch

from odoo.addons.base.models.ir_mail_server import IrMailServer

N_NEW = int(os.environ.get("BENCH_MAILS", "300"))
N_REPLIES = int(os.environ.get("BENCH_REPLIES", "150"))
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


def make_mail(index, to, rng, in_reply_to=None, subject=None, author=None):
    """(Message-Id, author, raw text) of a client's mail; 120 different addresses write."""
    first, last = author or (rng.choice(FIRST), rng.choice(LAST))
    sender = f"{LATIN.get(first, 'client')}.{index % 120}@example.ge"
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


def feed(mails):
    Thread = env["mail.thread"].sudo()
    start = time.perf_counter()
    for raw in mails:
        Thread.message_process(False, raw.encode())
        env.cr.commit()
    return time.perf_counter() - start


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
    before = env[model].search_count([])
    with patch.object(IrMailServer, "send_email", lambda self, message, *args, **kwargs: message["Message-Id"]):
        profile = os.environ.get("BENCH_PROFILE")
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        new_seconds = feed([raw for _message_id, _author, raw in new])
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        created = env[model].search_count([]) - before
        reply_seconds = feed(replies)
    env.cr.execute("SELECT count(*) FROM mail_mail")
    queued = env.cr.fetchone()[0]
    print(
        "BENCH "
        + json.dumps(
            {
                "model": model,
                "new_mails": N_NEW,
                "created": created,
                "new_per_s": round(N_NEW / new_seconds, 1),
                "replies": N_REPLIES,
                "replies_per_s": round(N_REPLIES / reply_seconds, 1) if N_REPLIES else None,
                "outgoing_mails": queued,
            }
        ),
        flush=True,
    )


main()
