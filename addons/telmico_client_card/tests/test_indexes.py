from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL

from .common import ClientCardCase


class TestSubscriberIndexes(ClientCardCase):
    def test_subscriber_number_has_one_index(self):
        """Its unique constraint indexes the number: a second index would only slow the billing sync."""
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'telmico_subscriber' AND indexdef LIKE %s",
            ["%(number)"],
        )
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], ["telmico_subscriber_number_uniq"])

    def test_newest_billing_change_is_read_from_an_index(self):
        """The billing connector's form shows the newest change mirrored: max() over every subscriber."""
        queries = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=True):
            if isinstance(query, str) and "billing_updated_at" in query:
                queries.append(query)
            return execute(cr, query, params, log_exceptions)

        backend = self.env.ref("telmico_client_card.billing_backend_main")
        with patch.object(Cursor, "execute", spy):
            backend._compute_last_run()
        self.assertTrue(queries)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            self.env.cr.execute(SQL("EXPLAIN %s", SQL(query)))
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            self.assertIn("telmico_subscriber__billing_updated_at_index", plan)
            self.assertNotIn("Seq Scan on telmico_subscriber", plan)
