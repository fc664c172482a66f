import base64
import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import DeskCase


@tagged("post_install", "-at_install")
class TestCollaboration(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider2 = new_test_user(
            cls.env, login="desk_outsider2", groups="telmico_desk.group_desk_user", name="მეორე გარეშე აგენტი"
        )
        cls.other_team.member_ids = [Command.link(cls.outsider2.id)]

    def _request(self, user=None, **values):
        request = self._draft_request(
            user=user, partner_id=self.client.id, subject="შუქი არ არის", team_id=self.team.id, **values
        )
        request.action_register()
        return request

    def _merge(self, requests, **values):
        wizard = Form(
            self.env["telmico.request.merge"]
            .with_user(self.agent)
            .with_context(active_model="telmico.request", active_ids=requests.ids)
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save()

    def test_related_requests_link_both_ways(self):
        first, second, third = self._request(), self._request(), self._request()
        first.related_request_ids = [Command.link(second.id), Command.link(third.id)]
        self.assertEqual(second.related_request_ids, first)
        self.assertEqual(third.related_request_ids, first)
        third.related_request_ids = [Command.unlink(first.id)]
        self.assertEqual(first.related_request_ids, second, "unlinking on one side unlinks on the other")

    def test_merge_moves_everything_to_the_oldest(self):
        with freeze_time(fields.Datetime.now() - timedelta(hours=1)):
            target = self._request(tag_ids=[Command.link(self._tag("დაზიანება").id)])
        duplicate = self._request(
            subscriber_ids=[Command.set(self.subscriber.ids)], tag_ids=[Command.link(self._tag("განმეორებითი").id)]
        )
        duplicate.message_subscribe(partner_ids=self.agent2.partner_id.ids)
        self.env["telmico.service"].create(
            {"template_id": self.tpl_receipt.id, "partner_id": self.client.id, "request_id": duplicate.id}
        )
        message = duplicate.with_user(self.agent2).message_post(
            body="ფოტო მრიცხველის",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("meter.jpg", b"jpeg")],
        )
        loose = self.env["ir.attachment"].create(
            {"name": "act.pdf", "datas": base64.b64encode(b"pdf"), "res_model": duplicate._name, "res_id": duplicate.id}
        )
        self.env.cr.precommit.run()  # the tracking of the registrations is written on commit
        messages = self.env["mail.message"].search([("model", "=", duplicate._name), ("res_id", "=", duplicate.id)])
        self.assertIn(message, messages)
        self.assertGreater(len(messages), 1, "the registration's tracking is there too")

        wizard = self._merge(duplicate | target)
        self.assertEqual(wizard.target_id, target, "the oldest is proposed")
        wizard.action_merge()

        self.assertEqual(messages.mapped("res_id"), [target.id] * len(messages), "every message moved")
        self.assertEqual((message.attachment_ids | loose).mapped("res_id"), [target.id, target.id])
        self.assertEqual(len(target.service_ids), 1, "the service moved")
        self.assertIn(self.agent2.partner_id, target.message_partner_ids)
        self.assertEqual(target.subscriber_ids, self.subscriber)
        self.assertEqual(set(target.tag_ids.mapped("name")), {"დაზიანება", "განმეორებითი"})
        self.assertEqual(duplicate.state, "cancelled")
        self.assertEqual(duplicate.merged_into_id, target)
        self.assertIn(target, duplicate.related_request_ids)
        self.assertIn(duplicate, target.related_request_ids)
        self.env.cr.precommit.run()
        left = self.env["mail.message"].search([("model", "=", duplicate._name), ("res_id", "=", duplicate.id)])
        self.assertGreater(min(left.ids), max(messages.ids), "only what the merge wrote stays on the merged request")
        self.assertIn("Merged into", str(left.mapped("body")))
        self.assertIn(target.name, str(left.mapped("body")))

    def test_merge_refusals(self):
        first, second = self._request(), self._request()
        other_client = self.env["res.partner"].create({"name": "ეკა სხვა"})
        foreign = self._request()
        foreign.partner_id = other_client
        with self.assertRaisesRegex(UserError, "different clients"):
            self._merge(first | foreign).action_merge()
        wizard = self._merge(first | foreign, allow_different_clients=True)
        wizard.action_merge()
        self.assertEqual(foreign.state, "cancelled")
        second.action_cancel()
        with self.assertRaisesRegex(UserError, "cannot be merged"):
            self._merge(first | second).action_merge()
        self.assertEqual(first.state, "in_progress", "nothing changed")

    def test_collaborator_from_another_team(self):
        request = self._request()
        with self.assertRaises(AccessError):
            request.with_user(self.outsider).read(["subject"])
        request.collaborator_ids = [Command.link(self.outsider.id)]
        self.assertIn(self.outsider.partner_id, request.message_partner_ids, "a collaborator follows")
        as_collaborator = request.with_user(self.outsider)
        self.assertEqual(as_collaborator.subject, "შუქი არ არის")
        as_collaborator.write({"priority": "2"})
        self.assertEqual(request.priority, "2")
        with self.assertRaises(AccessError):
            request.with_user(self.outsider2).read(["subject"])

    def _bus_viewers(self, partner, since_id):
        """The viewer lists sent to this partner since the bus message ``since_id`` (sent at commit)."""
        self.env.cr.precommit.run()
        payloads = []
        for notification in self.env["bus.bus"].sudo().search([("id", ">", since_id)]):
            message = json.loads(notification.message)
            if message["type"] == "telmico_desk/viewers" and json.loads(notification.channel)[1:] == [
                "res.partner",
                partner.id,
            ]:
                payloads.append(message["payload"])
        return payloads

    def test_collision_enter_leave_expiry(self):
        request = self._request()
        self.assertEqual(request.with_user(self.agent).collision_enter(), [])
        self.env.cr.precommit.run()
        before = self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id
        others = request.with_user(self.agent2).collision_enter()
        self.assertEqual(others, [{"id": self.agent.id, "name": "ნინო ოპერატორი"}])
        self.assertEqual(
            self._bus_viewers(self.agent.partner_id, before),
            [{"request_id": request.id, "viewers": [{"id": self.agent2.id, "name": "ლაშა ოპერატორი"}]}],
            "ნინო is told ლაშა came",
        )
        self.assertFalse(self._bus_viewers(self.agent2.partner_id, before))
        self.assertEqual(
            request.with_user(self.agent).collision_enter(), [{"id": self.agent2.id, "name": "ლაშა ოპერატორი"}]
        )
        request.with_user(self.agent2).collision_leave()
        self.assertEqual(request.with_user(self.agent).collision_enter(), [])
        request.with_user(self.agent2).collision_enter()
        with freeze_time(fields.Datetime.now() + timedelta(minutes=3)):
            self.assertEqual(request.with_user(self.agent).collision_enter(), [], "ლაშა's form stopped pinging")
            self.env["telmico.request.viewer"]._gc_expired()
            viewers = self.env["telmico.request.viewer"].search([("request_id", "=", request.id)])
            self.assertEqual(viewers.user_id, self.agent, "the expired entry is dropped")
        with self.assertRaises(AccessError):
            request.with_user(self.outsider).collision_enter()

    def test_discuss_channel_members(self):
        request = self._request()
        request.collaborator_ids = [Command.link(self.outsider.id)]
        action = request.with_user(self.agent2).action_open_discuss()
        channel = request.discuss_channel_id
        self.assertEqual(action["context"]["active_id"], channel.id)
        self.assertEqual(channel.channel_type, "group")
        self.assertEqual(channel.name, request.display_name)
        self.assertEqual(channel.channel_member_ids.partner_id, (self.agent | self.agent2 | self.outsider).partner_id)
        self.assertIn(request.name, str(channel.message_ids[:1].body))
        request.with_user(self.leader).action_open_discuss()
        self.assertEqual(request.discuss_channel_id, channel, "the same chat is opened again")
        self.assertIn(self.leader.partner_id, channel.channel_member_ids.partner_id)

    def test_csat_average_per_agent(self):
        ratings = {self.agent: [5, 3], self.agent2: [1]}
        for user, rates in ratings.items():
            for rate in rates:
                request = self._request(user=user)
                request.action_resolve()
                request.rating_apply(rate, token=request.rating_ids[0].access_token)
        self._request()  # not rated: left out by the "Rated" filter
        groups = self.env["telmico.request"].read_group(
            [("rating_last_value", ">", 0), ("team_id", "=", self.team.id)],
            ["rating_last_value:avg"],
            ["user_id"],
        )
        averages = {group["user_id"][0]: group["rating_last_value"] for group in groups}
        self.assertEqual(averages, {self.agent.id: 4.0, self.agent2.id: 1.0})
        groups = self.env["telmico.request"].read_group(
            [("rating_last_value", ">", 0), ("user_id", "=", self.agent2.id)], ["rating_last_value:avg"], ["team_id"]
        )
        self.assertEqual([(g["team_id"][0], g["rating_last_value"]) for g in groups], [(self.team.id, 1.0)])

    def _tag(self, name):
        return self.env["telmico.request.tag"].create({"name": name})
