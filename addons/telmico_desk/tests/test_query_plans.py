import json
import re
from unittest.mock import patch

from odoo.fields import Command
from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.telmico_request import OPEN_STATES
from .common import DeskCase
from .test_mail_gateway import MAIL_PLAIN

# the tables filled to a realistic shape below: the planner must find an index for every query on them
FILLED = ("telmico_request", "telmico_service")
REQUESTS = 20000
# a query reading more rows of a filled table than this does not use an index that fits it
MAX_READ = REQUESTS // 10


def _nodes(plan):
    """The nodes of an EXPLAIN (FORMAT JSON) plan, depth first."""
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


@tagged("post_install", "-at_install")
class TestDeskQueryPlans(DeskCase):
    """Every query of the Desk and of an agent's request list, with the record rules, is served by an index.

    The tables of requests and services are filled with generated rows (a few of them the test users', as at
    scale: most requests are closed, of other teams and agents) and analysed, so that PostgreSQL plans as it
    would on a production database: a query without a usable index reads the whole table, by a sequential scan
    or by walking an index in the order asked for.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chat_channel = cls.env["discuss.channel"].create(
            {
                "name": "ვიზიტორი",
                "channel_type": "livechat",
                "livechat_active": True,
                "livechat_operator_id": cls.chat_agent.partner_id.id,
                "channel_member_ids": [Command.create({"partner_id": cls.chat_agent.partner_id.id})],
            }
        )
        cls.team.member_ids = [Command.link(cls.chat_agent.id)]
        cls.chat_request = cls._request(channel="chat", livechat_channel_id=cls.chat_channel.id)
        cls.registration = cls.env["telmico.request"].with_user(cls.agent).create({"client_query": "ბერიძე"})
        cls.registration._onchange_client_query()
        service = cls.env["telmico.service"].create(
            {"template_id": cls.tpl_receipt.id, "partner_id": cls.client.id, "request_id": cls.chat_request.id}
        )
        cls._fill("telmico_request", cls.chat_request, cls._request_values())
        cls._fill("telmico_service", service, cls._service_values())
        cls.env.cr.execute(SQL("ANALYZE %s", SQL(", ").join(SQL.identifier(table) for table in FILLED)))

    @classmethod
    def _request_values(cls):
        """Generated requests, as a desk that has worked for years: 3 % open, 10 % abandoned registrations
        (interrupted drafts, kept for statistics), the rest resolved or closed, on every channel; the agent is
        assigned 1 in 100 and made 2 in 100 (an open request and an interrupted registration), 1 in 10 are of
        the support team."""
        return {
            "name": SQL("'REQ-T-' || g"),
            "state": SQL(
                "CASE mod(g, 100) WHEN 0 THEN 'new' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'pending' "
                "WHEN 3 THEN 'resolved' ELSE CASE WHEN mod(g, 100) BETWEEN 5 AND 14 THEN 'draft' ELSE 'closed' END END"
            ),
            "interrupted": SQL("mod(g, 100) BETWEEN 5 AND 14"),
            "channel": SQL("(ARRAY['phone', 'email', 'chat', 'portal', 'walk_in', 'letter'])[mod(g, 6) + 1]"),
            "user_id": SQL(
                "CASE mod(g, 100) WHEN 0 THEN %s WHEN 1 THEN %s ELSE %s END",
                cls.agent.id,
                cls.agent2.id,
                cls.desk_admin.id,
            ),
            "create_uid": SQL("CASE WHEN mod(g, 100) IN (2, 7) THEN %s ELSE %s END", cls.agent.id, cls.desk_admin.id),
            "team_id": SQL("CASE WHEN mod(g, 10) = 0 THEN %s ELSE %s END", cls.team.id, cls.other_team.id),
            "livechat_channel_id": SQL("NULL"),
            # one every half hour for a year back: a few of the last two hours
            "create_date": SQL("(now() AT TIME ZONE 'UTC') - make_interval(mins => g * 30)"),
        }

    @classmethod
    def _service_values(cls):
        return {
            "name": SQL("'SRV-T-' || g"),
            "state": SQL("CASE WHEN mod(g, 20) = 0 THEN 'in_progress' ELSE 'closed' END"),
            "user_id": SQL("CASE WHEN mod(g, 100) = 0 THEN %s ELSE %s END", cls.agent.id, cls.desk_admin.id),
            "create_uid": SQL("CASE WHEN mod(g, 100) = 2 THEN %s ELSE %s END", cls.agent.id, cls.desk_admin.id),
            "request_id": SQL("NULL"),
            "request_team_id": SQL("NULL"),
        }

    @classmethod
    def _fill(cls, table, template, values):
        """Copy the row of ``template`` REQUESTS times, with ``values`` (SQL of the series' ``g``) per column."""
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
                table,
            )
        )
        columns = [row[0] for row in cls.env.cr.fetchall()]
        cls.env.cr.execute(
            SQL(
                "INSERT INTO %(table)s (%(columns)s) SELECT %(values)s FROM %(table)s, generate_series(1, %(n)s) g "
                "WHERE %(table)s.id = %(id)s",
                table=SQL.identifier(table),
                columns=SQL(", ").join(SQL.identifier(column) for column in columns),
                values=SQL(", ").join(values.get(column, SQL.identifier(table, column)) for column in columns),
                n=REQUESTS,
                id=template.id,
            )
        )

    def _queries(self, function):
        """The queries on the filled tables that ``function`` runs."""
        queries = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=True):
            if isinstance(query, SQL) and re.search(r'\bFROM "(%s)"' % "|".join(FILLED), query.code):
                queries.append(query)
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            function()
        return queries

    def _assert_indexed(self, queries, what):
        """No query reads more than a tenth of a filled table: neither a sequential scan, nor the walk of a
        whole index (which the planner picks to return rows in order), nor an index that does not fit (the
        interrupted registrations of everybody for the agent's own) - parts of a plan that are never executed
        do not count (a record rule's alternative is not evaluated for rows an earlier one admits)."""
        self.assertTrue(queries, f"{what}: no query on {FILLED}")
        for query in queries:
            self.env.cr.execute(SQL("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) %s", query))
            plan = self.env.cr.fetchone()[0][0]["Plan"]
            for node in _nodes(plan):
                if node.get("Relation Name") in FILLED:
                    read = node["Actual Loops"] * (
                        node["Actual Rows"]
                        + node.get("Rows Removed by Filter", 0)
                        + node.get("Rows Removed by Index Recheck", 0)
                    )
                    self.assertLess(
                        read,
                        MAX_READ,
                        f"{what}: {node['Node Type']} {node.get('Index Name', '')} on {node['Relation Name']} reads "
                        f"{read} rows\n{query.code}\n{json.dumps(plan, indent=1)}",
                    )

    def test_desk_blocks_use_indexes(self):
        for user in (self.agent, self.chat_agent, self.leader):
            self.env.invalidate_all()
            blocks = {}
            queries = self._queries(lambda user=user, blocks=blocks: blocks.update(self.desk(user)))
            self.assertIn("my_requests", blocks)
            self._assert_indexed(queries, f"Desk of {user.login}")

    def test_chat_block_reads_requests_by_channel(self):
        queries = self._queries(lambda: self.desk(self.chat_agent))
        chats = [query for query in queries if "livechat_channel_id" in query.code.split("WHERE", 1)[-1]]
        self.assertTrue(chats, "the chats block reads the request of each chat")
        self._assert_indexed(chats, "requests of the chats")
        item = self.desk(self.chat_agent)["chats"]["items"][0]
        self.assertEqual(item["subtitle"], self.chat_request.display_name)

    def test_new_mail_uses_indexes(self):
        """A new e-mail to the desk, through the gateway: among its queries on requests Odoo's loop guard counts the
        sender's requests of the last two hours (read by their creation date)."""
        raw = self.format(
            MAIL_PLAIN,
            to=f"support@{self.alias_domain}",
            subject="ქვითარი არ მომივიდა",
            email_from=self.client.email,
            msg_id="<query-plan@mail.example.ge>",
        ).encode()
        queries = self._queries(lambda: self.env["mail.thread"].message_process(False, raw))
        self.assertTrue([query for query in queries if '"create_date" >=' in query.code], "the loop guard's count")
        self._assert_indexed(queries, "a new mail")

    def test_agent_request_list_uses_indexes(self):
        """The request list as it opens (open requests), without filter (its first page, in the list's order:
        priority, then newest), and the clients found while registering."""
        Request = self.env["telmico.request"].with_user(self.agent)
        for domain in ([("state", "!=", "draft"), ("state", "in", OPEN_STATES)], [("state", "!=", "draft")]):
            queries = self._queries(
                lambda domain=domain: Request.search_fetch(domain, ["name", "subject", "state"], limit=80)
            )
            self._assert_indexed(queries, f"request list of an agent {domain}")
        queries = self._queries(lambda: Request.search_count([("state", "in", OPEN_STATES)]))
        self._assert_indexed(queries, "open requests of an agent, counted")
        matches = self.registration.with_user(self.agent)
        self.env.invalidate_all()
        queries = self._queries(lambda: matches.client_match_ids.mapped("partner_id"))
        self._assert_indexed(queries, "clients found while registering")

    def test_services_of_a_request_use_indexes(self):
        """The services of a request the agent opens, read with the record rules of services."""
        request = self.chat_request.with_user(self.agent)
        self.env.invalidate_all()
        queries = self._queries(lambda: request.service_ids.mapped("name"))
        self._assert_indexed(queries, "services of a request")

    def test_agent_service_list_uses_indexes(self):
        """The services an agent executes, and those they registered (filter "Registered by me")."""
        Service = self.env["telmico.service"].with_user(self.agent)
        for domain in (
            [("user_id", "=", self.agent.id), ("state", "=", "in_progress")],
            [("create_uid", "=", self.agent.id)],
        ):
            queries = self._queries(lambda domain=domain: Service.search_fetch(domain, ["name"], limit=80))
            self._assert_indexed(queries, f"services of an agent {domain}")
