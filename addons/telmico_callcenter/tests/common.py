import json

from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.tests import HttpCase, new_test_user
from simulators.telephony import TelephonySimulator

SECRET = "callcenter-test-secret-0123456789-abcdefghij"
GIORGI = "+995599123456"
SHARED = "+995577000111"  # a family's number: two clients have it
STRANGER = "+995555987654"  # no client has it


class OdooTelephonySimulator(TelephonySimulator):
    """The simulator as a test drives it: the test's pending writes reach the server, its answers the test."""

    def __init__(self, env, **kwargs):
        super().__init__(**kwargs)
        self.env = env

    def _send(self, *args, **kwargs):
        self.env.flush_all()
        try:
            return super()._send(*args, **kwargs)
        finally:
            self.env.invalidate_all()


class CallcenterCase(HttpCase):
    """A CallApp connection, agents with extensions 101 and 102, a client with a debt, two clients sharing a number,
    and the telephony simulator pointed at this test server (everything goes through the real endpoint)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.connection = cls.env["telmico.callcenter.connection"].create({"name": "CallApp", "secret": SECRET})
        user = "telmico_callcenter.group_callcenter_user"
        cls.agent = new_test_user(
            cls.env, login="cc_agent", groups=user, name="ნინო ოპერატორი", telmico_extension="101"
        )
        cls.agent2 = new_test_user(
            cls.env, login="cc_agent2", groups=user, name="ლაშა ოპერატორი", telmico_extension="102"
        )
        cls.manager = new_test_user(
            cls.env, login="cc_manager", groups="telmico_callcenter.group_callcenter_manager", name="თამარ უფროსი"
        )
        (cls.subscriber,) = mirror_subscribers(cls.env, (0, {"number": "2000000101", "balance": "45.20"}))
        Partner = cls.env["res.partner"]
        cls.client = Partner.create(
            {"first_name": "გიორგი", "last_name": "ბერიძე", "personal_number": "01001012345", "mobile": "599 12 34 56"}
        )
        link_client(cls.env, cls.client, cls.subscriber)
        cls.twin1 = Partner.create({"name": "ნათია კაპანაძე", "personal_number": "01001012346", "mobile": SHARED})
        cls.twin2 = Partner.create(
            {"name": "დავით კაპანაძე", "personal_number": "01001012347", "phone": "577 00 01 11"}
        )

    def setUp(self):
        super().setUp()
        self.sim = OdooTelephonySimulator(
            self.env, odoo_url=self.base_url(), connection_id=self.connection.id, secret=SECRET
        )

    def call_of(self, call_id):
        return self.env["telmico.call"].search([("connection_id", "=", self.connection.id), ("name", "=", call_id)])

    def bus_messages(self, since_id, kind):
        """``(partner, payload)`` of the bus messages of type ``kind`` since ``since_id`` (sent at commit)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        found = []
        for message in self.env["bus.bus"].sudo().search([("id", ">", since_id)]):
            data = json.loads(message.message)
            if data.get("type") == kind:
                _db, model, partner_id = json.loads(message.channel)
                self.assertEqual(model, "res.partner")
                found.append((self.env["res.partner"].browse(partner_id), data["payload"]))
        return found

    def last_bus_id(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id or 0
