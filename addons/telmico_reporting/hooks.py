"""Installation on a database that already holds requests: the stored measures are counted in SQL and in batches,
not one request at a time by the ORM (millions of requests)."""

import logging

from psycopg2.extras import execute_values

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MEASURES = ("response_hours", "response_work_hours", "resolution_hours", "resolution_work_hours", "sla_compliance")
BATCH = 20000


def pre_init_hook(env):
    """Create the measure columns before the ORM sees them (it would compute them request by request) and fill
    what SQL can count: calendar hours and the SLA result. Working hours are counted after the installation."""
    cr = env.cr
    for column in MEASURES:
        cr.execute(
            SQL("ALTER TABLE telmico_request ADD COLUMN IF NOT EXISTS %s double precision", SQL.identifier(column))
        )
    cr.execute(
        """
        UPDATE telmico_request
           SET response_hours = CASE WHEN date_first_response > date_registered
                   THEN EXTRACT(EPOCH FROM date_first_response - date_registered) / 3600 ELSE 0 END,
               resolution_hours = CASE WHEN state IN ('resolved', 'closed') AND date_resolved > date_registered
                   THEN EXTRACT(EPOCH FROM date_resolved - date_registered) / 3600 ELSE 0 END,
               response_work_hours = 0,
               resolution_work_hours = 0,
               sla_compliance = CASE sla_state WHEN 'met' THEN 100 WHEN 'breached' THEN 0 ELSE 0 END
        """
    )
    _logger.info("Calendar durations and SLA results of %s requests counted", cr.rowcount)


def post_init_hook(env):
    """Working hours of the answered and resolved requests, in batches; then every day of the daily figures."""
    _backfill_work_hours(env)
    env["telmico.reporting.request.daily"]._refresh()


def _backfill_work_hours(env, after_id=0):
    """Working hours of the requests after ``after_id`` (every one by default), a batch at a time."""
    cr = env.cr
    default = env.ref("telmico_service_mgmt.resource_calendar_telmico", raise_if_not_found=False)
    Calendar = env["resource.calendar"]
    last_id, done = after_id, 0
    while True:
        cr.execute(
            """
            SELECT r.id, r.date_registered, r.date_first_response,
                   CASE WHEN r.state IN ('resolved', 'closed') THEN r.date_resolved END,
                   r.sla_id IS NOT NULL, sla.calendar_id
              FROM telmico_request r
              LEFT JOIN telmico_desk_sla sla ON sla.id = r.sla_id
             WHERE r.id > %s AND r.date_registered IS NOT NULL
               AND (r.date_first_response > r.date_registered OR r.date_resolved > r.date_registered)
             ORDER BY r.id
             LIMIT %s
            """,
            (last_id, BATCH),
        )
        rows = cr.fetchall()
        if not rows:
            break
        values = []
        for request_id, start, answered, resolved, has_policy, calendar_id in rows:
            calendar = Calendar.browse(calendar_id) if has_policy else default
            values.append(
                (
                    request_id,
                    calendar._telmico_work_hours(start, answered) if answered else 0.0,
                    calendar._telmico_work_hours(start, resolved) if resolved else 0.0,
                )
            )
        execute_values(
            cr._obj,
            """UPDATE telmico_request r SET response_work_hours = v.response, resolution_work_hours = v.resolution
                 FROM (VALUES %s) AS v(id, response, resolution) WHERE r.id = v.id""",
            values,
        )
        last_id = rows[-1][0]
        done += len(rows)
        _logger.info("Working hours of %s requests counted", done)
