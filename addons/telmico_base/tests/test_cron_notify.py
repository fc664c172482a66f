import select
import time

import psycopg2

from odoo import sql_db
from odoo.tests import TransactionCase, tagged

from ..models.ir_cron import _notify, _notify_connection


@tagged("post_install", "-at_install")
class TestCronNotify(TransactionCase):
    """Waking the cron workers reuses one connection to the ``postgres`` database instead of one per call."""

    def listen(self):
        _dbname, info = sql_db.connection_info_for("postgres")
        listener = psycopg2.connect(**info)
        listener.autocommit = True
        self.addCleanup(listener.close)
        with listener.cursor() as cr:
            cr.execute("LISTEN cron_trigger")
        return listener

    def received(self, listener, count=1):
        """The notifications' payloads, once ``count`` have arrived (each comes on its own: wait for them all) or
        after 5 seconds."""
        deadline = time.monotonic() + 5
        payloads = []
        while len(payloads) < count and time.monotonic() < deadline:
            select.select([listener], [], [], max(0, deadline - time.monotonic()))
            listener.poll()
            payloads += [notify.payload for notify in listener.notifies]
            listener.notifies.clear()
        return payloads

    def backend(self):
        with _notify_connection().cursor() as cr:
            cr.execute("SELECT pg_backend_pid()")
            return cr.fetchone()[0]

    def test_workers_woken_on_one_connection(self):
        listener = self.listen()
        _notify["connection"] = None
        self.env["ir.cron"]._notifydb()
        self.assertIsNotNone(_notify["connection"], "the connection is kept for the next call")
        self.assertEqual(self.received(listener), [self.env.cr.dbname], "the cron workers are woken for this db")
        backend = self.backend()
        self.env["ir.cron"]._notifydb()
        self.env["ir.cron"]._notifydb()
        self.assertEqual(self.received(listener, count=2), [self.env.cr.dbname] * 2)
        self.assertEqual(self.backend(), backend, "the same connection, not a new backend per call")

    def test_connection_lost_is_replaced(self):
        listener = self.listen()
        self.env["ir.cron"]._notifydb()
        self.received(listener)
        backend = self.backend()
        with listener.cursor() as cr:  # the server ends that backend (a restart, an idle timeout)
            cr.execute("SELECT pg_terminate_backend(%s)", [backend])
        self.env["ir.cron"]._notifydb()
        self.assertEqual(self.received(listener), [self.env.cr.dbname], "woken all the same")
        self.assertNotEqual(self.backend(), backend)
        self.assertIsNotNone(_notify["connection"])
