# Data for the client-search benchmark at a million clients, in minutes instead of the demo generator's hours.
#
#   BENCH_CLIENTS=1000000 tools/odoo shell -d <throw-away db with telmico_demo> --no-http \
#       < tests/benchmarks/client_search_data.py
#
# The demo generator (ClientsDemo) creates about 200 000 clients an hour through the ORM. Here it creates the first
# BENCH_ORM_CLIENTS (default 50 000) clients with their billing subscribers as usual; the rest, up to BENCH_CLIENTS,
# are the same generator's households continued (telmico_demo's demo_data: Georgian names and addresses, unique
# personal numbers, mobiles, e-mails, meters, the owner / family / tenant / payer / walk-in mix), written in bulk:
# - subscribers: the billing record of each (holder, address, meters, tariff, status, balance; without the six months
#   of charges, payments and receipts, which the search never reads) validated by the billing contract's parser
#   (parse_subscriber) and written in bulk like the clients below;
# - clients and their links: COPY into a temporary table, then one INSERT … SELECT per kind (person, company) taking
#   every column the generator does not set from a client the ORM created (defaults, company, country, …). The stored
#   computed columns are computed here with the ORM's own helpers: search_text (normalize_search_text of the same
#   parts, the linked subscribers' addresses in link order), email_normalized (email_normalize), phone_sanitized,
#   complete_name, commercial_partner_id, total_debt.
# Then a check: on BENCH_CHECK (default 300) bulk-written clients and their subscribers, every stored computed field
# is recomputed through the ORM and compared with what was written; the script stops on any difference (rolled
# back: the data stays as written). Committed in chunks; run it once on an empty database (it refuses otherwise).
# Never run by `make test`.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import heapq
import io
import os
import random
import time

from odoo import tools
from odoo.addons.telmico_client_card.tools.billing_contract import parse_subscriber
from odoo.addons.telmico_client_card.tools.search import normalize_search_text
from odoo.addons.telmico_demo.generators.clients import ClientsDemo
from odoo.addons.telmico_demo.tools import demo_data
from odoo.tools import SQL

size = int(os.environ.get("BENCH_CLIENTS", "1000000"))
orm_size = min(size, int(os.environ.get("BENCH_ORM_CLIENTS", "50000")))
n_check = int(os.environ.get("BENCH_CHECK", "300"))
seed = demo_data.DEFAULT_SEED
CHUNK = 20000
cr = env.cr
started = time.time()


def log(message):
    print(f"[{time.time() - started:6.0f}s, load {os.getloadavg()[0]:.1f}] {message}", flush=True)


cr.execute("SELECT count(*) FROM res_partner WHERE is_client")
existing = cr.fetchone()[0]
if existing not in (0, orm_size):
    raise SystemExit(f"{existing} clients: run this on a fresh database with telmico_demo installed.")

# ---------------------------------------------------------------- 1. the real generator
if not existing:  # (else a former run stopped after it)
    stats = ClientsDemo(env)._generate(size=orm_size, commit=True)
    cr.commit()
    log(f"demo generator: {stats}")


def copy_rows(table, columns, rows):
    """COPY ``rows`` (tuples of ``columns``, None for NULL) into the temporary table ``table``."""

    def text(value):
        if value is None:
            return r"\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(text(value) for value in row) + "\n")
    buffer.seek(0)
    cr._obj.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def insert_like(table, template_id, columns, rows):
    """INSERT ``rows`` into ``table``: ``columns`` from the rows, every other column as on the row ``template_id``."""
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
            table,
        )
    )
    all_columns = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            "CREATE TEMP TABLE bench_fill AS SELECT %s FROM %s LIMIT 0",
            SQL(", ").join(SQL.identifier(c) for c in columns),
            SQL.identifier(table),
        )
    )
    for start in range(0, len(rows), CHUNK * 5):
        copy_rows("bench_fill", columns, rows[start : start + CHUNK * 5])
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM bench_fill f, %s t WHERE t.id = %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in all_columns),
            SQL(", ").join(SQL.identifier("f" if c in columns else "t", c) for c in all_columns),
            SQL.identifier(table),
            template_id,
        )
    )
    cr.execute("DROP TABLE bench_fill")


def reserve_ids(sequence, count):
    """``count`` consecutive ids from ``sequence`` (nobody else writes this database meanwhile)."""
    cr.execute(SQL("SELECT nextval(%s)", sequence))
    first = cr.fetchone()[0]
    cr.execute(SQL("SELECT setval(%s, %s)", sequence, first + count - 1))
    return range(first, first + count)


# ---------------------------------------------------------------- 2. where the generator stopped
n_sub_orm, n_sub = demo_data.subscriber_count(orm_size), demo_data.subscriber_count(size)
pending, emitted, household = [], 0, 0
while emitted < orm_size:  # replay of demo_data.clients(orm_size): the households it used
    batch = demo_data._household(household, n_sub_orm, seed, pending)
    while pending and pending[0][0] <= household:
        batch.append(heapq.heappop(pending)[2])
    emitted += len(batch)
    household += 1
log(f"the generator used households 0..{household - 1}; subscribers 0..{n_sub_orm - 1}")

cr.execute("SELECT (now() AT TIME ZONE 'UTC')::timestamp(0)")
now = cr.fetchone()[0]

# Bulk load: the tables' non-unique indexes (a dozen GIN indexes on res_partner: most of the time of an INSERT) are
# dropped, then built again from their own definitions, whatever happens.
BULK_TABLES = ("res_partner", "telmico_subscriber", "telmico_subscriber_link")
cr.execute(
    SQL(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN %s AND indexdef NOT LIKE %s",
        BULK_TABLES,
        "CREATE UNIQUE %",
    )
)
dropped = cr.fetchall()
for name, _definition in dropped:
    cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
cr.commit()
log(f"{len(dropped)} indexes dropped for the load")
try:
    # ---------------------------------------------------------------- 3. subscribers

    def subscriber_record(i):
        """demo_data.subscriber(i) without the charges, payments and receipts (and the balance they make: drawn here)."""
        holder = demo_data._holder(i, seed)
        rng = random.Random(f"{seed}:account:{i}")
        meters = [demo_data._meter(2 * i, seed)]
        if rng.random() < 0.05:
            meters.append(demo_data._meter(2 * i + 1, seed))
        is_company = holder["holder_type"] == "company"
        tariff = "COM-1" if is_company else demo_data._pick(rng, demo_data.HOUSEHOLD_TARIFFS, (50, 90, 100))
        status = demo_data._pick(rng, ("active", "suspended", "disconnected", "closed"), (90, 94, 98, 100))
        return {
            "number": demo_data.subscriber_number(i),
            **{key: holder[key] for key in ("holder_name", "holder_type", "personal_number", "company_id", "phone")},
            "email": holder["email"],
            "address": holder["address"],
            "meters": meters,
            "tariff": tariff,
            "status": status,
            "balance": demo_data._money(rng.randint(-3000, 9000 if rng.random() < 0.8 else 60000)),
            "contract_number": f"TLM-{2010 + i % 16}-{demo_data._permute(i, 10**6, 10, demo_data._round_keys(seed, 'contract')):06d}",
            "contract_date": f"{2010 + i % 16}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "updated_at": demo_data.subscriber_updated_at(i, seed),
        }

    def parse(record, checked=False):
        """parse_subscriber(record); its phone normalisation (phonenumbers: most of the time here) is skipped, the
        generator's phones being E.164 already, except on the ``checked`` records, where the result must be the same."""
        row = parse_subscriber(dict(record, phone=None))
        row["phone"] = record["phone"]
        if checked and row != parse_subscriber(record):
            raise SystemExit(f"parse_subscriber changes {record}")
        return row

    cr.execute("SELECT max(id) FROM telmico_subscriber")
    subscriber_template = cr.fetchone()[0]
    SUBSCRIBER_COLUMNS = None
    for start in range(n_sub_orm, n_sub, CHUNK * 5):
        rows = [
            parse(subscriber_record(i), checked=i < n_sub_orm + 500)
            for i in range(start, min(start + CHUNK * 5, n_sub))
        ]
        SUBSCRIBER_COLUMNS = ("id", *rows[0], "synced_at", "create_date", "write_date")
        ids = reserve_ids("telmico_subscriber_id_seq", len(rows))
        insert_like(
            "telmico_subscriber",
            subscriber_template,
            SUBSCRIBER_COLUMNS,
            [(sub_id, *row.values(), now, now, now) for sub_id, row in zip(ids, rows, strict=True)],
        )
        cr.commit()
        log(f"subscribers {min(start + CHUNK * 5, n_sub)} / {n_sub}")
    cr.execute("SELECT number, id, debt, address FROM telmico_subscriber")
    subscribers = {number: (sub_id, debt, address) for number, sub_id, debt, address in cr.fetchall()}

    # ---------------------------------------------------------------- 4. the clients of the following households
    cr.execute("SELECT max(id) FROM res_partner WHERE is_client")
    last_orm_client = cr.fetchone()[0]
    templates = {}
    for is_company in (False, True):
        cr.execute(SQL("SELECT max(id) FROM res_partner WHERE is_client AND is_company = %s", is_company))
        templates[is_company] = cr.fetchone()[0]
    georgia = env.ref("base.ge")
    segments = {s.code: s.id for s in env["telmico.client.segment"].search([])}
    roles = {r.code: r.id for r in env["telmico.link.role"].search([])}
    langs = set(env["res.lang"].search([]).mapped("code"))
    cr.execute("SELECT id FROM telmico_subscriber_link ORDER BY id DESC LIMIT 1")
    link_template = cr.fetchone()[0]

    PARTNER_COLUMNS = (
        "id", "name", "complete_name", "first_name", "last_name", "ref", "is_company", "is_client", "personal_number",
        "company_registry", "mobile", "phone", "phone_sanitized", "email", "email_normalized", "street", "street2", "city",
        "zip", "country_id", "birthday", "segment_id", "lang", "identity_confirmed", "consent_sms", "consent_email",
        "preferred_channel", "search_text", "commercial_partner_id", "commercial_company_name", "total_debt",
        "create_date", "write_date",
    )  # fmt: skip
    LINK_COLUMNS = ("id", "partner_id", "subscriber_id", "role_id", "create_date", "write_date")

    def client_rows(client, partner_id, ref):
        """(partner row, link rows) of a generated client dict, as ClientsDemo._generate_clients + the ORM store it."""
        links = [link for link in client["links"] if link["subscriber"] in subscribers]
        linked = list(dict.fromkeys(subscribers[link["subscriber"]][0] for link in links))
        debts = {subscribers[link["subscriber"]][0]: subscribers[link["subscriber"]][1] for link in links}
        addresses = [address for sub_id, _debt, address in subscribers_by_id(linked)]
        email = client["email"]
        is_company = client["company_type"] == "company"
        values = {
            "id": partner_id,
            "name": client["name"],
            "complete_name": client["name"],
            "first_name": client["first_name"],
            "last_name": client["last_name"],
            "ref": ref,
            "is_company": is_company,
            "is_client": True,
            "personal_number": client["personal_number"],
            "company_registry": client["company_registry"],
            "mobile": client["mobile"],
            "phone": client["phone"],
            # mail.thread.phone: the first of mobile, phone in E.164 (the generator's numbers already are)
            "phone_sanitized": client["mobile"] or client["phone"],
            "email": email,
            "email_normalized": email_normalize(email),
            "street": client["street"],
            "street2": client["street2"],
            "city": client["city"],
            "zip": client["zip"],
            "country_id": georgia.id,
            "birthday": client["birthday"],
            "segment_id": segments.get(client["segment"]),
            "lang": client["lang"] if client["lang"] in langs else None,
            "identity_confirmed": bool(client["personal_number"] or client["company_registry"]),
            "consent_sms": bool(client["mobile"]),
            "consent_email": bool(email),
            "preferred_channel": "sms" if client["mobile"] else "phone",
            "search_text": normalize_search_text(
                client["name"], email, ref, None, client["company_registry"], client["street"], client["street2"],
                *addresses,
            ) or None,
            "commercial_partner_id": partner_id,
            "commercial_company_name": client["name"] if is_company else None,
            "total_debt": round(sum(debts.values()), 2),  # SQL sums the numerics exactly
            "create_date": now,
            "write_date": now,
        }  # fmt: skip
        return values, [(subscribers[link["subscriber"]][0], roles[link["role"]]) for link in links]

    def email_normalize(email):
        """tools.email_normalize (its address parsing: half of the time here) on 1 e-mail in 100; the generator's
        addresses are plain lower case ones, normalized to themselves, which the check below confirms."""
        if not email:
            return None
        if random.random() < 0.01 and tools.email_normalize(email) != email:
            raise SystemExit(f"email_normalize changes {email}")
        return email

    def subscribers_by_id(ids):
        return [by_id[sub_id] for sub_id in ids]

    by_id = {sub_id: (sub_id, debt, address) for sub_id, debt, address in subscribers.values()}
    cr.execute("SELECT count(*) FROM res_partner WHERE is_client")
    n_clients = cr.fetchone()[0]
    ref_number = n_clients
    pending = []
    first_bulk_client = None
    while n_clients < size:
        t_chunk = time.time()
        generated = []
        while len(generated) < CHUNK and n_clients + len(generated) < size:
            batch = demo_data._household(household, n_sub, seed, pending)
            while pending and pending[0][0] <= household:
                batch.append(heapq.heappop(pending)[2])
            generated += batch[: size - n_clients - len(generated)]
            household += 1
        t_generated = time.time()
        ids = reserve_ids("res_partner_id_seq", len(generated))
        first_bulk_client = first_bulk_client or ids[0]
        partners, links = [], []
        for partner_id, client in zip(ids, generated, strict=True):
            ref_number += 1
            values, client_links = client_rows(client, partner_id, f"C{ref_number:06d}")
            partners.append(values)
            links += [(partner_id, sub_id, role_id) for sub_id, role_id in client_links]
        t_rows = time.time()
        for is_company in (False, True):
            rows = [tuple(p[c] for c in PARTNER_COLUMNS) for p in partners if p["is_company"] == is_company]
            if rows:
                insert_like("res_partner", templates[is_company], PARTNER_COLUMNS, rows)
        link_ids = reserve_ids("telmico_subscriber_link_id_seq", len(links))
        insert_like(
            "telmico_subscriber_link",
            link_template,
            LINK_COLUMNS,
            [(link_id, *link, now, now) for link_id, link in zip(link_ids, links, strict=True)],
        )
        cr.commit()
        n_clients += len(generated)
        log(
            f"clients {n_clients} / {size} (households {t_rows - t_chunk:.0f}s, columns {t_rows - t_generated:.0f}s, SQL {time.time() - t_rows:.0f}s)"
        )
finally:
    cr.rollback()
    cr.execute("SET maintenance_work_mem = '512MB'")
    for name, definition in dropped:
        cr.execute(definition)
        cr.commit()
        log(f"index {name} built again")

cr.execute("ANALYZE res_partner")
cr.execute("ANALYZE telmico_subscriber")
cr.execute("ANALYZE telmico_subscriber_link")
cr.commit()
log("analyzed")

# ---------------------------------------------------------------- 5. check: the ORM recomputes the same values
Partner, Subscriber = env["res.partner"], env["telmico.subscriber"]
rng = random.Random(seed)
cr.execute(SQL("SELECT id FROM res_partner WHERE id >= %s AND is_client ORDER BY id", first_bulk_client or 0))
bulk_ids = [row[0] for row in cr.fetchall()]
sample = Partner.browse(sorted(rng.sample(bulk_ids, min(n_check, len(bulk_ids)))))
differences = []
for model, records in ((Partner, sample), (Subscriber, sample.subscriber_link_ids.subscriber_id)):
    stored = [name for name, field in model._fields.items() if field.store and field.compute and field.column_type]
    before = {(r.id, name): r[name] for r in records for name in stored}
    env.invalidate_all()
    for name in stored:
        env.add_to_compute(model._fields[name], records)
    records.flush_recordset(stored)
    env.invalidate_all()
    for record in records:
        for name in stored:
            if record[name] != before[record.id, name]:
                differences.append((model._name, record.id, name, before[record.id, name], record[name]))
    log(f"{model._name}: {len(records)} records, stored computed fields recomputed by the ORM: {', '.join(stored)}")
cr.rollback()
for difference in differences[:20]:
    print("DIFFERENT", difference)
log(f"check: {len(differences)} differences")
cr.execute("SELECT count(*) FROM res_partner WHERE is_client")
clients = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM telmico_subscriber")
log(f"done: {clients} clients, {cr.fetchone()[0]} subscribers")
