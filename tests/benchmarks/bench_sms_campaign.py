# Benchmark: queuing an SMS campaign (telmico_mailing) against stock mass_mailing_sms, on the same audience.
#
#   BENCH_RECIPIENTS=50000 BENCH_MODE=telmico tools/odoo shell -d <throw-away db with telmico_mailing> --no-http \
#       < tests/benchmarks/bench_sms_campaign.py
#   ODOO_LIMIT_LITEVAL_BUFFER=10000000 BENCH_RECIPIENTS=50000 BENCH_MODE=stock tools/odoo shell -d <same db> \
#       --no-http < tests/benchmarks/bench_sms_campaign.py
#
# Adds BENCH_RECIPIENTS clients by SQL (Georgian mobiles, SMS consent; committed, reused by the next runs), then one
# mode per process, so that each peak RSS is its own:
# - telmico: an SMS mailing (transactional, transliterated, a sender) queued by `action_send_sms` — Telmico's
#   recipients (consents, frequency cap), Odoo's rendering of the body per client, one `sms.sms` and one trace
#   per client, in batches of SMS_BATCH_SIZE each committed — then every queued text transliterated and counted
#   (`sms_latin`, `segments`) a batch at a time, as the gateway does when sending;
# - stock: the same audience and body through stock mass_mailing_sms's composer (`sms.composer`, mass mode,
#   Odoo's values, all recipients at once as `action_send_sms` does) with the stock recipients (the mailing's
#   domain, no consent rules). Stock cannot read more than about 11 000 ids (Odoo's 100 KiB literal_eval
#   limit): ODOO_LIMIT_LITEVAL_BUFFER raises it for the comparison.
# Prints the time, the SMS queued per second, the CPU time (Odoo's process and its PostgreSQL backend) and the
# process's peak RSS; then deletes the mailing and its SMS.
# Never run by `make test`.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os
import resource
import time

from odoo.addons.sms.wizard.sms_composer import SendSMS
from odoo.addons.telmico_sms.tools.sms_text import segments, sms_latin
from odoo.tools import SQL

n = int(os.environ.get("BENCH_RECIPIENTS", "50000"))
mode = os.environ.get("BENCH_MODE", "telmico")
cr = env.cr
BODY = "გამარჯობა, {{ object.name }}! თქვენი დავალიანებაა {{ object.total_debt }} ₾. გთხოვთ, გადაიხადოთ ვადაში."


def load():
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def backend_cpu():
    """CPU seconds of this cursor's PostgreSQL backend (same machine), ``None`` where /proc cannot tell."""
    cr.execute("SELECT pg_backend_pid()")
    try:
        with open(f"/proc/{cr.fetchone()[0]}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE 'bench-sms-%'")
existing = cr.fetchone()[0]
if existing < n:
    t = time.time()
    cr.execute(
        SQL(
            """INSERT INTO res_partner (name, ref, is_client, active, consent_sms, mobile, phone_sanitized, type,
                                        total_debt, create_date, write_date)
               SELECT 'ბენჩ კლიენტი ' || g, 'bench-sms-' || g, true, true, true,
                      '+9955' || lpad(g::text, 8, '0'), '+9955' || lpad(g::text, 8, '0'), 'contact',
                      mod(g * 7, 301), now(), now()
                 FROM generate_series(%s, %s) g""",
            existing + 1,
            n,
        )
    )
    cr.execute("ANALYZE res_partner")
    cr.commit()
    print(f"added {n - existing} clients in {time.time() - t:.1f} s")

gateway = env["telmico.sms.gateway"].sudo()._default_gateway()
if not gateway:
    gateway = env["telmico.sms.gateway"].create(
        {"name": "Bench", "base_url": "http://127.0.0.1:9", "is_default": True, "rate_limit": 0}
    )
    env["telmico.sms.sender"].create({"name": "Telmico", "gateway_id": gateway.id, "is_default": True})
    cr.commit()
# the audience's bounds only (a list of every id would weigh on the peak RSS measured)
cr.execute(
    "SELECT min(id), max(id) FROM (SELECT id FROM res_partner WHERE ref LIKE 'bench-sms-%%' ORDER BY id LIMIT %s) b",
    [n],
)
first_id, last_id = cr.fetchone()
domain = [("id", ">=", first_id), ("id", "<=", last_id), ("ref", "=like", "bench-sms-%")]
mailing = env["mailing.mailing"].create(
    {
        "subject": f"bench {mode}",
        "mailing_type": "sms",
        "mailing_kind": "transactional",
        "mailing_model_id": env["ir.model"]._get("res.partner").id,
        "mailing_domain": repr(domain),
        "body_plaintext": BODY,
        "sms_transliterate": True,
        "sms_sender_id": gateway.sender_ids[:1].id,
    }
)
env.flush_all()
print(f"mode {mode}: {n} recipients, peak RSS before {peak_rss_mb():.0f} MB ({load()})")
t0, cpu0, db0 = time.time(), time.process_time(), backend_cpu()
if mode == "stock":
    res_ids = env["res.partner"].search(domain).ids
    values = {
        "body": mailing.body_plaintext,
        "res_model": "res.partner",
        "res_ids": repr(res_ids),
        "composition_mode": "mass",
        "mailing_id": mailing.id,
        "mass_keep_log": False,
        "mass_force_send": False,
        "mass_sms_allow_unsubscribe": False,
    }
    # Odoo's composer as it is (without Telmico's lean queuing, wizards/sms_composer.py of telmico_mailing)
    composer = env["sms.composer"].with_context(active_id=False, telmico_mailing_stock_composer=True).create(values)
    SendSMS._action_send_sms(composer)  # the stock method, without Telmico's sender / transliteration context
    queued = t1 = time.time()
else:
    mailing.action_send_sms()
    env.flush_all()
    t1 = time.time()
    # as the gateway reads them: a batch at a time, in the order of the ids
    billed, last_sms = 0, 0
    while True:
        cr.execute(
            "SELECT id, body FROM sms_sms WHERE mailing_id = %s AND id > %s ORDER BY id LIMIT 5000",
            [mailing.id, last_sms],
        )
        rows = cr.fetchall()
        if not rows:
            break
        last_sms = rows[-1][0]
        billed += sum(segments(sms_latin(body)).count for _sms_id, body in rows)
    queued = time.time()
env.flush_all()
cr.execute("SELECT count(*) FROM sms_sms WHERE mailing_id = %s", [mailing.id])
count = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM mailing_trace WHERE mass_mailing_id = %s", [mailing.id])
traces = cr.fetchone()[0]
elapsed = queued - t0
print(f"mode {mode}: {count} SMS queued, {traces} traces in {t1 - t0:.1f} s ({count / max(t1 - t0, 1e-9):.0f} SMS/s)")
if mode != "stock":
    print(f"mode {mode}: transliterated and counted in {queued - t1:.1f} s: {billed} segments billed")
cpu, db = time.process_time() - cpu0, backend_cpu()
db = db - db0 if db is not None and db0 is not None else None
print(
    f"mode {mode}: CPU {cpu:.1f} s Odoo + {db if db is not None else float('nan'):.1f} s PostgreSQL, "
    f"{(cpu + (db or 0)) / max(count, 1) * 1000:.3f} ms per SMS"
)
print(f"mode {mode}: total {elapsed:.1f} s, peak RSS {peak_rss_mb():.0f} MB ({load()})")
cr.rollback()
# the telmico mode committed its batches: remove what it queued (the mailing's traces go with it)
# (the trackers first: Odoo's sms_tracker.mailing_trace_id has no index, so the cascade from the traces would scan
# the trackers once per trace)
cr.execute("SELECT id FROM mailing_mailing WHERE subject LIKE 'bench %%'")
bench_mailings = tuple(row[0] for row in cr.fetchall()) or (0,)
cr.execute(
    "DELETE FROM sms_tracker WHERE mailing_trace_id IN (SELECT id FROM mailing_trace WHERE mass_mailing_id IN %s)",
    [bench_mailings],
)
cr.execute("DELETE FROM mailing_trace WHERE mass_mailing_id IN %s", [bench_mailings])
cr.execute("DELETE FROM sms_sms WHERE mailing_id IN %s", [bench_mailings])
cr.execute("DELETE FROM mailing_mailing WHERE subject LIKE 'bench %%'")
cr.commit()
