"""Many records of one model written in one INSERT, for the queuing of large mailings.

Odoo's ``create`` costs about a millisecond a record for ``sms.sms`` + ``mailing.trace`` +
``sms.tracker``, most of it per-record work that is the same for every record of a mailing
(``default_get`` over every field, conversions, the x2many commands). ``bulk_insert`` computes the
model's defaults once, converts each value as the ORM does (``Field.convert_to_column_insert``:
selections and types are validated), writes the rows in one statement (one array per column,
``unnest``), then lets the ORM compute the stored computed fields not given (a computed value the
caller knows, such as ``mailing.trace.campaign_id`` — its mailing's — may be given) and invalidate
what depends on the new rows, as ``create`` does.

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
        if field.store and field.column_type and name != "id" and name not in LOG_ACCESS
    ]
    names = {field.name for field in columns}
    for vals in vals_list:
        if unknown := set(vals) - names:
            raise ValueError(f"bulk_insert({model._name}): not plain stored fields: {sorted(unknown)}")
    # the defaults, once for all the rows (a default that must differ per row, like a uuid, is in vals)
    defaults = model.default_get([field.name for field in columns if not field.compute])
    used = [field for field in columns if field.name in defaults or any(field.name in vals for vals in vals_list)]
    if any(field.translate or field.type in ("one2many", "many2many") for field in used):
        raise ValueError(f"bulk_insert({model._name}): translated and x2many fields are not supported")
    now, uid = env.cr.now(), env.uid
    rows = []
    for vals in vals_list:
        values = {**defaults, **vals}
        rows.append([field.convert_to_column_insert(values.get(field.name), model, values) for field in used])
    # one array per column, zipped back into rows by unnest(): PostgreSQL's arrays are adapted by psycopg2 in C,
    # where a tuple per row is quoted in Python
    types = [field.column_type[1] for field in used]
    arrays = [
        SQL("%s::%s[]", list(column), SQL(column_type))  # the column's own SQL type, from the field's definition
        for column, column_type in zip(zip(*rows, strict=True), types, strict=True)
    ]
    env.flush_all()  # what is pending goes first (the new rows may reference it)
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT *, %s, %s, %s, %s FROM unnest(%s) RETURNING id",
            SQL.identifier(model._table),
            SQL(", ").join(SQL.identifier(name) for name in [*(field.name for field in used), *LOG_ACCESS]),
            uid,
            now,
            uid,
            now,
            SQL(", ").join(arrays),
        )
    )
    records = model.browse([row[0] for row in env.cr.fetchall()])
    # nothing was pending (flushed above): what the cache holds of the rows' relations (a one2many of their
    # many2one) is read again
    env.invalidate_all(flush=False)
    # as create: stored computed fields of the new rows to compute (unless given), dependents of other models
    # modified
    for field in model._fields.values():
        if field.store and field.compute and field not in used:
            env.add_to_compute(field, records)
    # the computed values given are protected, as create protects them
    with env.protecting([field for field in used if field.compute], records):
        records.modified([field.name for field in used], create=True)
    return records
