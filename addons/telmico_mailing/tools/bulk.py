"""Many records of one model written in one INSERT, for the queuing of large mailings.

Odoo's ``create`` costs about a millisecond a record for ``sms.sms`` + ``mailing.trace`` +
``sms.tracker``, most of it per-record work that is the same for every record of a mailing
(``default_get`` over every field, conversions, the x2many commands). ``bulk_insert`` computes the
model's defaults once, converts each value as the ORM does (``Field.convert_to_column_insert``:
selections and types are validated), writes the rows in one statement, then lets the ORM
recompute the stored computed fields (related ones such as ``mailing.trace.campaign_id``) and
invalidate what depends on the new rows, as ``create`` does.

Not for general use: no ``create`` override of the model runs (the caller provides what they
would have set), no x2many values, no translated fields, no record rules (callers run ``sudo``).
"""

from odoo.tools import SQL

LOG_ACCESS = ("create_uid", "create_date", "write_uid", "write_date")


def bulk_insert(model, vals_list):
    """Insert one row per dict of ``vals_list`` into ``model``'s table; the new records, in that order."""
    if not vals_list:
        return model.browse()
    env = model.env
    columns = [
        field
        for name, field in model._fields.items()
        if field.store and field.column_type and not field.compute and name != "id" and name not in LOG_ACCESS
    ]
    names = {field.name for field in columns}
    for vals in vals_list:
        if unknown := set(vals) - names:
            raise ValueError(f"bulk_insert({model._name}): not plain stored fields: {sorted(unknown)}")
    if any(field.translate or field.type in ("one2many", "many2many") for field in columns if field.name in vals):
        raise ValueError(f"bulk_insert({model._name}): translated and x2many fields are not supported")
    # the defaults, once for all the rows (a default that must differ per row, like a uuid, is in vals)
    defaults = model.default_get([field.name for field in columns])
    used = [field for field in columns if field.name in defaults or any(field.name in vals for vals in vals_list)]
    now, uid = env.cr.now(), env.uid
    rows = []
    for vals in vals_list:
        values = {**defaults, **vals}
        row = [field.convert_to_column_insert(values.get(field.name), model, values) for field in used]
        rows.append(SQL("%s", (*row, uid, now, uid, now)))  # a tuple is sent as a row: (v1, v2, …)
    env.flush_all()  # what is pending goes first (the new rows may reference it)
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) VALUES %s RETURNING id",
            SQL.identifier(model._table),
            SQL(", ").join(SQL.identifier(name) for name in [*(field.name for field in used), *LOG_ACCESS]),
            SQL(", ").join(rows),
        )
    )
    records = model.browse([row[0] for row in env.cr.fetchall()])
    # nothing was pending (flushed above): what the cache holds of the rows' relations (a one2many of their
    # many2one) is read again
    env.invalidate_all(flush=False)
    # as create: stored computed fields of the new rows to compute, dependents of other models modified
    for field in model._fields.values():
        if field.store and field.compute:
            env.add_to_compute(field, records)
    records.modified([field.name for field in used], create=True)
    return records
