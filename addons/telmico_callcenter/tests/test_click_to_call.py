from odoo.exceptions import UserError
from odoo.tests import tagged
from simulators.asterisk_ari import AsteriskAriSimulator

from .common import GIORGI, CallcenterCase


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestClickToCall(CallcenterCase):
    """Calling a client from the card or a request, through the generic platform and through Asterisk ARI."""

    def test_from_the_client_card_to_an_outgoing_request(self):
        """The card's Call: the platform is asked to ring the agent, then the client; the request form opens as an
        outgoing phone request of the client, and the request registered is linked to the call."""
        with self.sim:
            self.connection.originate_url = f"{self.sim.url}/originate"
            action = self.client.with_user(self.agent).action_telmico_call()
        self.assertEqual(
            self.sim.originated, [{"extension": "101", "number": GIORGI, "reference": f"client-{self.client.id}"}]
        )
        context = action["context"]
        self.assertEqual(
            (context["default_partner_id"], context["default_channel"], context["default_direction"]),
            (self.client.id, "phone", "outgoing"),
        )
        call = self.call_of("out-1")
        self.assertRecordValues(call, [{"direction": "outgoing", "number": GIORGI, "user_id": self.agent.id}])
        self.assertEqual(context["telmico_callcenter_call_id"], call.id)
        request = self.env["telmico.request"].with_user(self.agent).with_context(**context).create({"subject": "ვალი"})
        self.assertEqual((request.direction, request.channel, request.partner_id), ("outgoing", "phone", self.client))
        self.assertEqual(call.request_id, request)
        # the platform's events of that call then fill it in
        self.sim.play(self.sim.call("out-1", caller="101", called=GIORGI, direction="outbound", outcome="answered"))
        self.assertRecordValues(call, [{"disposition": "answered", "direction": "outgoing", "request_id": request.id}])

    def test_from_a_request_through_ari(self):
        """A request's Call through Asterisk: the call placed is linked to the request."""
        with AsteriskAriSimulator(user="odoo", password="ari-password") as ari:
            self.env["telmico.callcenter.connection"].create(
                {
                    "name": "Asterisk",
                    "platform": "ari",
                    "ari_url": ari.url,
                    "ari_user": "odoo",
                    "ari_password": "ari-password",
                }
            )
            request = self.env["telmico.request"].create(
                {"subject": "შუქი არ არის", "partner_id": self.client.id, "channel": "walk_in"}
            )
            request.with_user(self.agent).action_telmico_call()
            (params,) = ari.originated
        self.assertEqual((params["endpoint"], params["extension"]), ("PJSIP/101", GIORGI))
        call = self.call_of(params["channelId"])
        self.assertFalse(call, "an ARI call is of the ARI connection")
        call = self.env["telmico.call"].search([("name", "=", params["channelId"])])
        self.assertRecordValues(call, [{"direction": "outgoing", "request_id": request.id, "user_id": self.agent.id}])
        self.assertEqual(request.call_count, 1)

    def test_without_number_or_connection(self):
        with self.assertRaisesRegex(UserError, "click-to-call"):
            self.client.with_user(self.agent).action_telmico_call()
        nobody = self.env["res.partner"].create({"name": "უნომრო კლიენტი", "personal_number": "01001012399"})
        with self.assertRaisesRegex(UserError, "no valid phone number"):
            nobody.with_user(self.agent).action_telmico_call()
