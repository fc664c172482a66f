import csv
import logging
from datetime import timedelta
from typing import NamedTuple

import psycopg2
import psycopg2.errors
import requests

from odoo import api, fields, models
from odoo.addons.telmico_base.tools.signature import generate_secret, header_problem, signed_by
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.batch import commit_chunk, in_test
from ..tools.billing_contract import (
    RecordError,
    parse_charge,
    parse_payment,
    parse_receipt,
    parse_subscriber_record,
    record_reference,
)

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
SIGNATURE_TOLERANCE = 300  # seconds a pushed request's timestamp may differ from ours
MIN_SECRET_LENGTH = 32  # push secret (ours: 32 random bytes, 43 characters)
MIN_TOKEN_LENGTH = 16  # API token (billing's)
# the children of a subscriber record: (kind, table, attribute of ParsedRecord)
CHILDREN = (
    ("charge", "telmico_subscriber_charge", "charges"),
    ("payment", "telmico_subscriber_payment", "payments"),
    ("receipt", "telmico_subscriber_receipt", "receipts"),
)
CHILD_MODELS = ("telmico.subscriber.charge", "telmico.subscriber.payment", "telmico.subscriber.receipt")
# the CSV files of children: kind of the import -> (parse, table)
CSV_CHILDREN = {
    "charges": (parse_charge, "telmico_subscriber_charge"),
    "payments": (parse_payment, "telmico_subscriber_payment"),
    "receipts": (parse_receipt, "telmico_subscriber_receipt"),
}
# what PostgreSQL may still refuse in one record of a batch: that record is refused, the others applied
DB_REFUSALS = (psycopg2.DataError, psycopg2.IntegrityError, psycopg2.errors.CardinalityViolation, ValueError)


class ParsedRecord(NamedTuple):
    """One valid subscriber record of a batch, ready to be written."""

    values: dict
    charges: list
    payments: list
    receipts: list
    record: object
    reference: str


class TelmicoBillingBackend(models.Model):
    """Connector to the billing system, the master of subscribers (contract in the addon README)."""

    _name = "telmico.billing.backend"
    _description = "Billing connector"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    base_url = fields.Char(string="Base URL", help="e.g. https://billing.telmico.ge — the API lives under /api/v1/.")
    # The secrets: readable by system administrators only (the server needs them in clear: the
    # API token is sent to billing, the push secret keys an HMAC); people set them through the
    # "telmico.billing.secret" wizard and see only their last characters afterwards.
    api_token = fields.Char(string="API token", groups="base.group_system", copy=False)
    api_token_hint = fields.Char(
        string="API token hint", compute="_compute_secret_hints", store=True, help="The token's last characters."
    )
    webhook_secret = fields.Char(
        string="Push secret",
        groups="base.group_system",
        copy=False,
        default=lambda self: generate_secret(),
        help="Shared secret of the HMAC-SHA256 signature of pushed changes.",
    )
    webhook_secret_hint = fields.Char(
        string="Push secret hint", compute="_compute_secret_hints", store=True, help="The secret's last characters."
    )
    webhook_secret_previous = fields.Char(string="Previous push secret", groups="base.group_system", copy=False)
    webhook_secret_previous_until = fields.Datetime(
        string="Previous secret accepted until",
        copy=False,
        help="After a rotation, pushes signed with the previous secret are accepted until then.",
    )
    page_size = fields.Integer(default=200)
    timeout = fields.Integer(string="Timeout (s)", default=30)
    updated_since = fields.Datetime(
        copy=False, help="Pull cursor: records changed after this moment (billing time) are fetched next."
    )
    page_cursor = fields.Char(copy=False, help="Position inside an interrupted pull; the next pull resumes there.")
    run_ids = fields.One2many("telmico.billing.sync.run", "backend_id", string="Runs")
    last_run_id = fields.Many2one("telmico.billing.sync.run", compute="_compute_last_run")
    data_as_of = fields.Datetime(compute="_compute_last_run", help="Newest billing change mirrored.")
    lag_minutes = fields.Integer(string="Lag (minutes)", compute="_compute_last_run")
    outbox_pending_count = fields.Integer(compute="_compute_outbox_pending_count")

    @api.depends("api_token", "webhook_secret")
    def _compute_secret_hints(self):
        for backend in self:
            backend.api_token_hint = backend.api_token and "…" + backend.api_token[-4:]
            backend.webhook_secret_hint = backend.webhook_secret and "…" + backend.webhook_secret[-4:]

    def _compute_last_run(self):
        self.env.cr.execute("SELECT max(billing_updated_at) FROM telmico_subscriber")
        newest = self.env.cr.fetchone()[0]
        for backend in self:
            backend.last_run_id = self.env["telmico.billing.sync.run"].search(
                [("backend_id", "=", backend.id)], limit=1
            )
            backend.data_as_of = newest
            backend.lag_minutes = int((fields.Datetime.now() - newest).total_seconds() // 60) if newest else 0

    def _compute_outbox_pending_count(self):
        counts = dict(
            self.env["telmico.billing.outbox"]._read_group(
                [("backend_id", "in", self.ids), ("state", "=", "pending")], ["backend_id"], ["__count"]
            )
        )
        for backend in self:
            backend.outbox_pending_count = counts.get(backend, 0)

    @api.constrains("api_token", "webhook_secret")
    def _check_secrets(self):
        # sudo: the secrets are readable by system administrators only; their strength is checked whoever writes
        for backend in self.sudo():
            self._check_secret_length("webhook_secret", backend.webhook_secret)
            self._check_secret_length("api_token", backend.api_token)

    @api.model
    def _check_secret_length(self, kind, secret):
        """Refuse a push secret shorter than 32 characters, an API token shorter than 16."""
        if not secret:
            return
        if kind == "webhook_secret" and len(secret) < MIN_SECRET_LENGTH:
            raise ValidationError(
                self.env._(
                    "The push secret must be at least %(min)s characters long: use the generated one.",
                    min=MIN_SECRET_LENGTH,
                )
            )
        if kind == "api_token" and len(secret) < MIN_TOKEN_LENGTH:
            raise ValidationError(
                self.env._("The API token must be at least %(min)s characters long.", min=MIN_TOKEN_LENGTH)
            )

    # -------------------------------------------------------------- secrets

    def action_new_webhook_secret(self):
        """Generate a new push secret and show it once (the wizard saves it, keeping the old one for a while)."""
        self.ensure_one()
        wizard = self.env["telmico.billing.secret"].create(
            {"backend_id": self.id, "kind": "webhook_secret", "secret": generate_secret()}
        )
        return wizard._action_open()

    def action_set_api_token(self):
        self.ensure_one()
        return self.env["telmico.billing.secret"].create({"backend_id": self.id, "kind": "api_token"})._action_open()

    def _rotate_webhook_secret(self, secret, overlap_hours):
        """Use ``secret`` from now on; the current one stays valid for ``overlap_hours`` (0: not at all)."""
        self.ensure_one()
        previous = self.webhook_secret if overlap_hours and self.webhook_secret != secret else False
        self.write(
            {
                "webhook_secret": secret,
                "webhook_secret_previous": previous,
                "webhook_secret_previous_until": previous and fields.Datetime.now() + timedelta(hours=overlap_hours),
            }
        )
        _logger.info(
            "Push secret of billing connector %s replaced by user %s (previous one accepted for %s h)",
            self.id,
            self.env.uid,
            overlap_hours if previous else 0,
        )

    # ----------------------------------------------------------------- pull

    def action_sync_pull(self):
        self.ensure_one()
        run = self._sync_pull()
        return run._action_open()

    @api.model
    def _cron_sync_pull(self):
        for backend in self.search([("base_url", "!=", False)]):
            backend._sync_pull()

    def _http_headers(self):
        # sudo: the token is restricted to administrators, but any sync run (cron, button) needs it
        token = self.sudo().api_token
        headers = {"Accept": "application/json", "User-Agent": "Telmico-CRM/18.0"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def _sync_pull(self):
        """Fetch every change since the cursor, page by page, committing after each page.

        Resumable: the page cursor is stored with each committed page, so a run that
        stops half-way (network error, crash) is continued by the next run; the upserts
        are idempotent, so a page applied twice changes nothing.
        """
        self.ensure_one()
        if not self.base_url:
            raise UserError(self.env._("Set the billing system's base URL on connector “%s” first.", self.name))
        run = self.env["telmico.billing.sync.run"].create(
            {"backend_id": self.id, "kind": "pull", "cursor_from": self.updated_since}
        )
        commit_chunk(self.env)
        url = self.base_url.rstrip("/") + "/api/v1/subscribers"
        newest = self.updated_since
        try:
            while True:
                params = {
                    "updated_since": (self.updated_since and self.updated_since.isoformat() + "Z") or "",
                    "cursor": self.page_cursor or "",
                    "limit": self.page_size or 200,
                }
                response = requests.get(url, params=params, headers=self._http_headers(), timeout=self.timeout or 30)
                if response.status_code != 200:
                    raise UserError(
                        self.env._(
                            "Billing answered HTTP %(status)s: %(body)s",
                            status=response.status_code,
                            body=response.text[:300],
                        )
                    )
                try:
                    page = response.json()
                    items = page["items"]
                    if not isinstance(items, list):
                        raise TypeError("items")
                except (ValueError, KeyError, TypeError) as exc:
                    raise UserError(self.env._("Billing sent a page that is not in the documented format.")) from exc
                stats = self._apply_subscriber_records(items, run)
                if stats["newest"] and (not newest or stats["newest"] > newest):
                    newest = stats["newest"]
                self.page_cursor = page.get("next_cursor") or False
                if not self.page_cursor:
                    self.updated_since = newest
                run.pages += 1
                commit_chunk(self.env)
                if not self.page_cursor:
                    break
        except (requests.RequestException, UserError) as exc:
            if not in_test():
                self.env.cr.rollback()  # drop the half-applied page; committed pages stay
            run.write({"state": "failed", "message": str(exc), "date_end": fields.Datetime.now()})
            _logger.warning("Billing pull %s failed: %s", self.name, exc)
            commit_chunk(self.env)
            return run
        run.write(
            {
                "state": "partial" if run.error_count else "done",
                "date_end": fields.Datetime.now(),
                "cursor_to": self.updated_since,
            }
        )
        commit_chunk(self.env)
        return run

    # ------------------------------------------------------- apply records

    @api.model
    def _apply_subscriber_records(self, records, run):
        """Validate and upsert billing subscriber records (with their charges, payments and receipts).

        Every record is validated whole (subscriber, charges, payments, receipts) before anything is
        written; a record that breaks the contract is refused with its reason, logged on the
        run, and the others are applied. A record is applied whole or not at all. A record
        older than the mirrored one (updated_at) is ignored, so replays and out-of-order pushes
        are harmless. Returns counts (received = created + updated + unchanged + errors) and the
        newest updated_at applied.
        """
        items, errors, superseded = self._validate_subscriber_records(records)
        stats = {
            "received": len(records),
            "created": 0,
            "updated": 0,
            "unchanged": superseded,
            "errors": 0,
            "newest": None,
        }
        for start in range(0, len(items), BATCH_SIZE):
            chunk = items[start : start + BATCH_SIZE]
            refused_before = len(errors)
            applied = self._write_records(chunk, errors)
            for inserted in applied.values():
                stats["created" if inserted else "updated"] += 1
            stats["unchanged"] += len(chunk) - len(applied) - (len(errors) - refused_before)
            newest = max((i.values["billing_updated_at"] for i in chunk if i.values["number"] in applied), default=None)
            if newest and (not stats["newest"] or newest > stats["newest"]):
                stats["newest"] = newest
        stats["errors"] = len(errors)
        run._add_stats(stats, errors)
        for model in ("telmico.subscriber", *CHILD_MODELS):
            self.env[model].invalidate_model()
        return stats

    @api.model
    def _validate_subscriber_records(self, records):
        """``(valid records in batch order, errors, number of records superseded in the batch)``.

        Besides each record's own rules: of two versions of a subscriber in one batch the newer
        wins (the other counts as unchanged); a charge, payment or receipt id may appear in one record
        of the batch only, and may not be taken from the subscriber it is mirrored under.
        """
        errors, by_number, superseded = [], {}, 0
        for position, record in enumerate(records, start=1):
            try:
                values, charges, payments, receipts = parse_subscriber_record(record)
            except RecordError as exc:
                errors.append((record_reference(record, position), str(exc), record))
                continue
            item = ParsedRecord(values, charges, payments, receipts, record, values["number"])
            previous = by_number.get(values["number"])
            if previous:
                superseded += 1
                if previous.values["billing_updated_at"] > values["billing_updated_at"]:
                    continue
            by_number[values["number"]] = item
        items = list(by_number.values())
        mirrored = self._children_owners(items)
        claimed, valid = {}, []
        for item in items:
            number = item.values["number"]
            keys = [
                (kind, row["billing_id"]) for kind, _table, attribute in CHILDREN for row in getattr(item, attribute)
            ]
            reason = None
            for kind, billing_id in keys:
                owner, other = mirrored.get((kind, billing_id)), claimed.get((kind, billing_id))
                if owner and owner != number:
                    reason = f"{kind} {billing_id}: mirrored under subscriber {owner}"
                elif other:
                    reason = f"{kind} {billing_id}: also in the record of subscriber {other} in this batch"
                if reason:
                    break
            if reason:
                errors.append((item.reference, reason, item.record))
                continue
            claimed.update(dict.fromkeys(keys, number))
            valid.append(item)
        return valid, errors, superseded

    def _children_owners(self, items):
        """``{(kind, billing id): subscriber number}`` of the charges, payments and receipts of ``items`` already mirrored."""
        owners = {}
        for kind, table, attribute in CHILDREN:
            ids = [row["billing_id"] for item in items for row in getattr(item, attribute)]
            if not ids:
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT c.billing_id, s.number FROM %s c JOIN telmico_subscriber s ON s.id = c.subscriber_id"
                    " WHERE c.billing_id = ANY(%s)",
                    SQL.identifier(table),
                    ids,
                )
            )
            owners.update(((kind, billing_id), number) for billing_id, number in self.env.cr.fetchall())
        return owners

    def _write_records(self, items, errors):
        """Upsert ``items`` (subscribers, then their charges, payments, receipts) in a savepoint: ``{number: inserted}``.

        Should PostgreSQL still refuse a value that passed the validation, the items are written
        one by one, and only the record it refuses is lost (added to ``errors``).
        """
        try:
            with self.env.cr.savepoint():
                return self._upsert_records(items)
        except DB_REFUSALS as exc:
            if len(items) > 1:
                applied = {}
                for item in items:
                    applied.update(self._write_records([item], errors))
                return applied
            reason = getattr(getattr(exc, "diag", None), "message_primary", None) or str(exc)
            _logger.warning("Billing record %s refused by the database: %s", items[0].reference, reason)
            errors.append((items[0].reference, f"refused by the database: {reason[:200]}", items[0].record))
            return {}

    def _upsert_records(self, items):
        applied = self._upsert_subscribers([item.values for item in items])
        by_number = {item.values["number"]: item for item in items}
        for _kind, table, attribute in CHILDREN:
            rows = [
                dict(row, subscriber_id=sub_id)
                for number, (sub_id, _inserted) in applied.items()
                for row in getattr(by_number[number], attribute)
            ]
            self._upsert_rows(table, rows)
        return {number: inserted for number, (_sub_id, inserted) in applied.items()}

    def _upsert_subscribers(self, rows):
        """Subscribers by number, strictly newer data only. {number: (id, inserted)}.

        A record with the mirrored ``updated_at`` is the same version: it is left alone
        (and counted as unchanged), so replays cost no writes.
        """
        if not rows:
            return {}
        self.env.cr.execute(
            self._upsert_query(
                "telmico_subscriber",
                "number",
                rows,
                {"synced_at": fields.Datetime.now(), "currency_id": self.env.company.currency_id.id},
                insert_only=("currency_id",),
                where=SQL(
                    """telmico_subscriber.billing_updated_at IS NULL
                       OR telmico_subscriber.billing_updated_at < EXCLUDED.billing_updated_at"""
                ),
                returning=SQL("id, number, (xmax = 0)"),
            ),
            log_exceptions=False,  # a refusal is reported on the record (see _write_records)
        )
        applied = {number: (sub_id, inserted) for sub_id, number, inserted in self.env.cr.fetchall()}
        # written in SQL: tell the ORM, so that the linked clients' search text (number, address,
        # meters: res.partner.search_text) and their debt (res.partner.total_debt) are recomputed
        # at the next flush, all of them in one batch
        updated = self.env["telmico.subscriber"].browse(sub_id for sub_id, inserted in applied.values() if not inserted)
        if updated:
            updated.invalidate_recordset(["number", "address", "meter_numbers", "debt"])
            updated.modified(["number", "address", "meter_numbers", "debt"])
        return applied

    def _upsert_rows(self, table, rows):
        """Upsert charges, payments or receipts by their billing id."""
        if rows:
            self.env.cr.execute(self._upsert_query(table, "billing_id", rows), log_exceptions=False)

    def _upsert_query(self, table, key, rows, extra=None, insert_only=(), where=None, returning=None):
        """One ``INSERT … ON CONFLICT (key) DO UPDATE`` for ``rows`` (dicts with the same columns).

        ``extra`` columns get one value for every row; the audit columns are filled here.
        ``insert_only`` columns (and the key and creation columns) are not updated on conflict.
        """
        now, uid = fields.Datetime.now(), self.env.uid
        constants = {**(extra or {}), "create_uid": uid, "create_date": now, "write_uid": uid, "write_date": now}
        columns = list(rows[0])
        all_columns = [*columns, *constants]
        values = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join([*(SQL("%s", row[c]) for c in columns), *(SQL("%s", v) for v in constants.values())]),
            )
            for row in rows
        )
        kept = {key, "create_uid", "create_date", *insert_only}
        return SQL(
            "INSERT INTO %(table)s (%(columns)s) VALUES %(values)s ON CONFLICT (%(key)s) DO UPDATE SET %(updates)s%(where)s%(returning)s",
            table=SQL.identifier(table),
            columns=SQL(", ").join(SQL.identifier(c) for c in all_columns),
            values=values,
            key=SQL.identifier(key),
            updates=SQL(", ").join(
                SQL("%s = EXCLUDED.%s", SQL.identifier(c), SQL.identifier(c)) for c in all_columns if c not in kept
            ),
            where=SQL(" WHERE %s", where) if where else SQL(""),
            returning=SQL(" RETURNING %s", returning) if returning else SQL(""),
        )

    # ----------------------------------------------------------------- push

    def _check_push_signature(self, body, timestamp, signature):
        """Why a push is not authentic (a reason code for the 401 answer), or ``None`` when it is.

        The headers must have their exact shape (``timestamp``: 1 to 12 ASCII digits, within 5
        minutes of our clock; ``signature``: ``sha256=`` and 64 hex digits), so that no header
        can make the check itself fail. The signature is the HMAC-SHA256 of "<timestamp>.<body>"
        with the connector's secret, or during a rotation's overlap with the previous one,
        compared in constant time. A secret shorter than the minimum never authenticates.
        """
        self.ensure_one()
        problem, digest = header_problem(timestamp, signature, SIGNATURE_TOLERANCE)
        if problem:
            return problem
        # sudo: the secrets are readable by system administrators only; the push endpoint runs unauthenticated
        backend = self.sudo()
        keys = [backend.webhook_secret]
        if backend.webhook_secret_previous_until and backend.webhook_secret_previous_until > fields.Datetime.now():
            keys.append(backend.webhook_secret_previous)
        keys = [key for key in keys if key]
        if not keys:
            return "no_secret"
        keys = [key for key in keys if len(key) >= MIN_SECRET_LENGTH]
        if not keys:
            _logger.warning("Billing connector %s has a push secret too short to be used: generate a new one", self.id)
            return "weak_secret"
        return None if signed_by(keys, timestamp, body, digest) else "signature_mismatch"

    def _receive_push(self, items):
        self.ensure_one()
        run = self.env["telmico.billing.sync.run"].create({"backend_id": self.id, "kind": "push", "pages": 1})
        stats = self._apply_subscriber_records(items, run)
        run.write({"state": "partial" if run.error_count else "done", "date_end": fields.Datetime.now()})
        return run, stats

    # ----------------------------------------------------------------- file

    def _import_csv(self, data, kind, run=None, commit=False):
        """Load a CSV export (subscribers, charges, payments or receipts; columns in the README), in chunks.

        ``data`` is a text stream. Each chunk is applied (and committed when ``commit``)
        before the next is read, so memory stays flat and an interrupted load resumes by
        simply importing the same file again.
        """
        self.ensure_one()
        run = run or self.env["telmico.billing.sync.run"].create({"backend_id": self.id, "kind": "file"})
        reader = csv.DictReader(data)
        required = {
            "subscribers": {"number", "updated_at"},
            "charges": {"id", "subscriber", "amount"},
            "payments": {"id", "subscriber", "amount"},
            "receipts": {"id", "subscriber", "number", "period", "amount"},
        }[kind]
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise UserError(self.env._("The CSV file lacks the column(s): %s", ", ".join(sorted(missing))))
        chunk = []
        for line_no, row in enumerate(reader, start=2):
            row["_line"] = line_no
            chunk.append(row)
            if len(chunk) >= BATCH_SIZE:
                self._import_csv_chunk(chunk, kind, run)
                run.pages += 1
                if commit:
                    commit_chunk(self.env)
                chunk = []
        if chunk:
            self._import_csv_chunk(chunk, kind, run)
            run.pages += 1
        run.write({"state": "partial" if run.error_count else "done", "date_end": fields.Datetime.now()})
        if commit:
            commit_chunk(self.env)
        return run

    def _import_csv_chunk(self, rows, kind, run):
        if kind == "subscribers":
            records = []
            for row in rows:
                record = {k: v for k, v in row.items() if k != "_line"}
                record["address"] = {
                    k: row.get(k) for k in ("city", "district", "street", "building", "apartment", "zip")
                }
                record["meters"] = row.get("meters") or ""
                records.append(record)
            self._apply_subscriber_records(records, run)
            return
        parse, table = CSV_CHILDREN[kind]
        numbers = {(row.get("subscriber") or "").strip() for row in rows}
        self.env.cr.execute(
            SQL("SELECT number, id FROM telmico_subscriber WHERE number IN %s", tuple(numbers) or ("",))
        )
        ids = dict(self.env.cr.fetchall())
        good, errors = [], []
        for row in rows:
            try:
                sub_id = ids.get((row.get("subscriber") or "").strip())
                if not sub_id:
                    raise RecordError(f"unknown subscriber {row.get('subscriber')!r}")
                values = parse(row)
                values["subscriber_id"] = sub_id
                good.append(values)
            except RecordError as exc:
                errors.append((f"line {row['_line']}", str(exc), row))
        unique = {v["billing_id"]: v for v in good}
        self._upsert_rows(table, list(unique.values()))
        run._add_stats({"received": len(rows), "created": len(unique), "errors": len(errors)}, errors)
