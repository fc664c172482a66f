# One parallel sender of bench_mail_sending.py (BENCH_SENDERS): started by it, never alone.
#
#   BENCH_GO=<file> tools/odoo shell -d <db> --no-http --smtp=127.0.0.1 --smtp-port=<port> \
#       < tests/benchmarks/bench_mail_sender.py
#
# Prints "ready", waits for the file BENCH_GO, sends the mail queue (`mail.mail.process_email_queue`, each batch
# claimed, as the sender crons do) until no mail is outgoing, then prints "sent <mails> <CPU s of this process>
# <CPU s of its PostgreSQL backends>".
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import time

from odoo import sql_db

go = os.environ["BENCH_GO"]


def backend_cpu(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backends_cpu():
    """{pid: CPU seconds} of this process's PostgreSQL backends (its pooled connections: the shell's cursor
    and the lean sending's second cursor), read before the process exits and closes them."""
    return {
        cnx.get_backend_pid(): backend_cpu(cnx.get_backend_pid()) for cnx, _used, _last in sql_db._Pool._connections
    }


print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.02)
cpu0, db0, sent = time.process_time(), backends_cpu(), 0
while True:
    claimed = env["mail.mail"].process_email_queue()
    env.invalidate_all()
    sent += claimed or 0
    if not claimed:
        if not env["mail.mail"].search_count([("state", "=", "outgoing")]):
            break
        time.sleep(0.05)  # the last mails are another sender's
db = sum(cpu - db0.get(pid, 0.0) for pid, cpu in backends_cpu().items())
print(f"sent {sent} {time.process_time() - cpu0:.3f} {db:.3f}", flush=True)
