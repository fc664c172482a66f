import logging
import os
import threading

import psycopg2

from odoo import models, sql_db
from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# this process's connection to the ``postgres`` database for waking the cron workers: (pid, connection)
_notify_lock = threading.Lock()
_notify = {"pid": None, "connection": None}


def _notify_connection():
    """The connection kept open by this process (a new one after a fork or a failure), in autocommit."""
    connection = _notify["connection"]
    if connection is None or connection.closed or _notify["pid"] != os.getpid():
        _dbname, info = sql_db.connection_info_for("postgres")
        connection = psycopg2.connect(**info)
        connection.autocommit = True
        _notify.update(pid=os.getpid(), connection=connection)
    return connection


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _notifydb(self):
        """Wake up the cron workers, as Odoo does, on one connection to the ``postgres`` database kept open by
        this process: Odoo opens a new one for each call (its pool never keeps a connection to ``postgres``),
        a new PostgreSQL backend each time a job is triggered for now — e.g. for every mail the gateway turns
        into a request (its acknowledgement's cron). The cron workers themselves keep one open to listen."""
        query = SQL("SELECT %s('cron_trigger', %s)", SQL.identifier(ODOO_NOTIFY_FUNCTION), self.env.cr.dbname)
        with _notify_lock:
            for attempt in (1, 2):
                try:
                    with _notify_connection().cursor() as cr:
                        cr.execute(query.code, query.params)
                    break
                except (psycopg2.OperationalError, psycopg2.InterfaceError):
                    # the server closed it (restart, idle timeout): once more on a new connection
                    _notify["connection"] = None
                    if attempt == 2:
                        raise
        _logger.debug("cron workers notified")
