import random
from datetime import timedelta

from odoo import fields
from odoo.addons.telmico_callcenter.tools.call_event import parse_event
from odoo.fields import Command

from .mailing import MailingDemo

# the demo connection's secret (the demo is never in production; its users' passwords are their logins too):
# TELMICO_TELEPHONY_SECRET=<this> python -m simulators.telephony --connection <id> plays more calls into it
DEMO_SECRET = "telmico-demo-telephony-secret-0123456789abcdef"
CONNECTION_NAME = "CallApp (სიმულატორი)"
# (login, extension): the call-centre agents among the demo staff
AGENTS = [("operator", "101"), ("desk_1", "102"), ("desk_2", "103"), ("hotline_1", "104")]
QUEUES = [("გადახდები", "1"), ("ავარია და შუქის გათიშვა", "2"), ("მრიცხველი", "3"), ("ზოგადი ინფორმაცია", "4")]
OUTCOMES = ("answered", "missed", "abandoned")


class CallcenterDemo(MailingDemo):
    """Call centre: the telephony connection of the simulator, agents with extensions, calls of the last days from
    the demo clients (answered, missed, abandoned: the unanswered ones of known numbers become callbacks)."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        stats["calls"] = self.with_context(tracking_disable=True)._generate_calls(size, seed or 1)
        return stats

    def _generate_calls(self, size, seed):
        Connection = self.env["telmico.callcenter.connection"]
        if Connection.search_count([("name", "=", CONNECTION_NAME)], limit=1):
            return 0
        connection = Connection.create({"name": CONNECTION_NAME, "platform": "generic", "secret": DEMO_SECRET})
        supervisor = self.env["res.users"].search([("login", "=", "supervisor")], limit=1)
        supervisor.write({"groups_id": [Command.link(self.env.ref("telmico_callcenter.group_callcenter_manager").id)]})
        extensions = []
        for login, extension in AGENTS:
            user = self.env["res.users"].search([("login", "=", login)], limit=1)
            if user:
                group = self.env.ref("telmico_callcenter.group_callcenter_user")
                user.write({"telmico_extension": extension, "groups_id": [Command.link(group.id)]})
                extensions.append(extension)
        clients = self.env["res.partner"].search([("is_client", "=", True), ("mobile", "!=", False)], order="id")
        if not clients or not extensions:
            return 0
        rng = random.Random(seed)
        count = min(48, max(24, size // 25))
        now = fields.Datetime.now().replace(microsecond=0)
        Call = self.env["telmico.call"]
        for index in range(count):
            client = clients[rng.randrange(len(clients))]
            queue, ivr = QUEUES[rng.randrange(len(QUEUES))]
            outcome = rng.choices(OUTCOMES, weights=(70, 15, 15))[0]
            start = now - timedelta(days=rng.randint(0, 3), hours=rng.randint(0, 8), minutes=rng.randint(1, 59))
            for payload in self._demo_call_events(
                f"demo-{index + 1}", client.mobile, extensions, rng, outcome, start, queue, ivr
            ):
                Call._receive_event(connection, parse_event(payload), payload)
        # the agents start the day available, not in the after-call work of the demo's last calls
        self.env["res.users"].search([("telmico_extension", "!=", False)])._telmico_set_agent_state("available")
        return count

    def _demo_call_events(self, call_id, number, extensions, rng, outcome, start, queue, ivr):
        """The events of one inbound call, in the contract's format (README of telmico_callcenter)."""
        extension = extensions[rng.randrange(len(extensions))]
        wait, talk = rng.randint(3, 60), rng.randint(40, 420)

        def event(kind, offset, **extra):
            moment = start + timedelta(seconds=offset)
            values = {
                "call_id": call_id,
                "event": kind,
                "timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "direction": "inbound",
                "caller": number,
                "called": "+995322100100",
                "queue": queue,
                "ivr_choice": ivr,
            }
            values.update(extra)
            return values

        if outcome == "answered":
            return [
                event("ringing", 0, extension=extension),
                event("answered", wait, extension=extension),
                event("ended", wait + talk),
            ]
        if outcome == "missed":
            return [event("ringing", 0), event("missed", wait)]
        return [event("ringing", 0), event("ended", wait)]
