from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DeskCase
from .test_mail_gateway import MAIL_PLAIN


@tagged("post_install", "-at_install")
class TestRouting(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = f"support@{cls.alias_domain}"
        cls.Rule = cls.env["telmico.desk.routing.rule"]
        cls.tag_debt = cls.env["telmico.request.tag"].create({"name": "დავალიანება"})
        cls.subscriber.sudo().with_context(telmico_billing_sync=True).write(
            {"district": "ვაკე", "address": "თბილისი, ვაკე, ჭავჭავაძის გამზ. 10"}
        )

    def _arrive(self, channel="portal", **values):
        """A request that arrives by itself (personal cabinet by default), as the portal creates it."""
        return (
            self.env["telmico.request"]
            .sudo()
            .create(
                {
                    "channel": channel,
                    "state": "new",
                    "subject": "კითხვა",
                    "partner_id": self.client.id,
                    "team_id": self.team.id,
                    **values,
                }
            )
            .sudo(False)
        )

    def _mail(self, subject, body="გამარჯობა"):
        return self.format_and_process(
            MAIL_PLAIN.replace("გამარჯობა, ოქტომბრის ქვითარი არ მომსვლია. აბონენტი 2000000001.", body),
            self.client.email,
            self.support,
            subject=subject,
            target_model="telmico.request",
            target_field="subject",
        )

    # ------------------------------------------------------------ assignment in the team

    def test_round_robin_cycles_through_the_agents(self):
        self.team.assignment_method = "round_robin"
        requests = [self._arrive() for _i in range(3)]
        self.assertEqual([r.user_id for r in requests], [self.agent, self.agent2, self.agent])
        self.assertEqual(self.team.last_assigned_user_id, self.agent)

    def test_least_loaded_picks_the_agent_with_fewest_open_requests(self):
        self.team.assignment_method = "least_loaded"
        self._arrive(user_id=self.agent.id)
        self._arrive(user_id=self.agent.id)
        self._arrive(user_id=self.agent2.id)
        self.assertEqual(self._arrive().user_id, self.agent2, "one open request against two")
        self.assertEqual(self._arrive().user_id, self.agent, "two against two: the first agent in order")

    def test_absent_agent_is_skipped(self):
        self.team.assignment_method = "round_robin"
        resource = self.env["resource.resource"].create({"name": self.agent.name, "user_id": self.agent.id})
        self.env["resource.calendar.leaves"].create(
            {
                "name": "შვებულება",
                "resource_id": resource.id,
                "date_from": fields.Datetime.now() - timedelta(days=1),
                "date_to": fields.Datetime.now() + timedelta(days=3),
            }
        )
        self.assertEqual({self._arrive().user_id, self._arrive().user_id}, {self.agent2})

    def test_manual_leaves_the_request_in_the_leaders_queue(self):
        self.assertEqual(self.team.assignment_method, "manual")
        request = self._arrive()
        self.assertFalse(request.user_id)
        queue = self.env.ref("telmico_desk.telmico_request_action_queue")
        for user, expected in ((self.leader, True), (self.agent, False)):
            found = self.env["telmico.request"].with_user(user).search(safe_eval(queue.domain, {"uid": user.id}))
            self.assertEqual(request in found, expected, "the queue of unassigned requests is the leader's")

    def test_desk_registration_keeps_the_operator(self):
        self.team.assignment_method = "round_robin"
        request = self._draft_request(partner_id=self.client.id, subject="კონსულტაცია")
        request.action_register()
        self.assertEqual(request.user_id, self.agent)

    # ------------------------------------------------------------ rules

    def test_rule_by_channel_sets_team_priority_and_tags(self):
        rule = self.Rule.create(
            {
                "name": "Chats to legal",
                "channel": "chat",
                "team_id": self.other_team.id,
                "set_priority": "2",
                "tag_ids": [Command.link(self.tag_debt.id)],
            }
        )
        portal = self._arrive()
        self.assertEqual(portal.team_id, self.team, "another channel: the rule does not apply")
        chat = self._arrive(channel="chat")
        self.assertEqual((chat.team_id, chat.priority, chat.tag_ids), (self.other_team, "2", self.tag_debt))
        notes = chat.message_ids.filtered(lambda m: rule.name in (m.body or ""))
        self.assertTrue(notes, "the rule that routed is in the history")

    def test_rule_by_georgian_keyword_in_an_email(self):
        self.Rule.create({"name": "Debt", "keywords": "  დავალიანება , ვალი", "team_id": self.other_team.id})
        other = self._mail("ქვითარი", body="ქვითარი არ მომივიდა")
        self.assertEqual(other.team_id, self.team)
        in_subject = self._mail("ვალის შესახებ")
        self.assertEqual(in_subject.team_id, self.other_team)
        in_body = self._mail("კითხვა", body="რატომ მაქვს ამხელა დავალიანება?")
        self.assertEqual(in_body.team_id, self.other_team)

    def test_rule_by_latin_keyword_ignores_case(self):
        self.Rule.create({"name": "Meter", "keywords": "Meter", "user_id": self.agent2.id})
        self.assertEqual(self._arrive(subject="METER reading wrong").user_id, self.agent2)

    def test_rule_by_district_of_the_subscribers(self):
        self.Rule.create({"name": "Vake", "district": "საბურთალო, ვაკე", "team_id": self.other_team.id})
        self.assertEqual(self._arrive().team_id, self.other_team, "the client's subscriber is in Vake")
        self.assertEqual(self._arrive(subscriber_ids=[Command.set(self.subscriber.ids)]).team_id, self.other_team)
        stranger = self.env["res.partner"].create({"name": "ნანა კაპანაძე", "email": "nana@example.ge"})
        self.assertEqual(self._arrive(partner_id=stranger.id).team_id, self.team, "no subscriber, no district")

    def test_rule_by_category_priority_segment_and_service(self):
        category = self.env["telmico.request.category"].create({"name": "ბილინგი"})
        segment = self.env["telmico.client.segment"].create({"name": "VIP", "code": "vip_test"})
        rule = self.Rule.create(
            {
                "name": "VIP billing",
                "category_ids": [Command.link(category.id)],
                "priority": "3",
                "segment_ids": [Command.link(segment.id)],
                "team_id": self.other_team.id,
            }
        )
        self.assertEqual(self._arrive(category_id=category.id, priority="3").team_id, self.team, "not VIP yet")
        self.client.segment_id = segment
        self.assertEqual(self._arrive(category_id=category.id, priority="2").team_id, self.team, "not urgent")
        self.assertEqual(self._arrive(category_id=category.id, priority="3").team_id, self.other_team)
        rule.write(
            {
                "category_ids": [Command.clear()],
                "priority": False,
                "service_template_ids": [Command.set(self.tpl_receipt.ids)],
            }
        )
        # as the personal cabinet does: routed once the service exists
        for template, team in ((self.tpl_consult, self.team), (self.tpl_receipt, self.other_team)):
            request = (
                self.env["telmico.request"]
                .with_context(telmico_defer_routing=True)
                .sudo()
                .create({"channel": "portal", "state": "new", "subject": "სერვისი", "partner_id": self.client.id})
            )
            self.env["telmico.service"].create(
                {"request_id": request.id, "template_id": template.id, "partner_id": self.client.id}
            )
            request._route()
            self.assertEqual(request.team_id, team)

    def test_first_matching_rule_wins_unless_it_continues(self):
        first = self.Rule.create({"name": "First", "sequence": 1, "keywords": "ვალი", "team_id": self.other_team.id})
        self.Rule.create(
            {"name": "Second", "sequence": 2, "keywords": "ვალი", "set_priority": "3", "user_id": self.agent2.id}
        )
        stopped = self._arrive(subject="ვალი")
        self.assertEqual((stopped.team_id, stopped.priority, stopped.user_id.id), (self.other_team, "1", False))
        first.stop_processing = False
        continued = self._arrive(subject="ვალი")
        self.assertEqual(
            (continued.team_id, continued.priority, continued.user_id), (self.other_team, "3", self.agent2)
        )
        first.sequence = 3
        second_first = self._arrive(subject="ვალი")
        self.assertEqual((second_first.team_id, second_first.user_id), (self.team, self.agent2))

    def test_rule_team_then_assignment_in_that_team(self):
        self.other_team.assignment_method = "round_robin"
        self.Rule.create({"name": "Legal", "keywords": "სასამართლო", "team_id": self.other_team.id})
        request = self._arrive(subject="სასამართლო")
        self.assertEqual((request.team_id, request.user_id), (self.other_team, self.outsider))

    def test_desk_registration_routed_only_without_team(self):
        self.Rule.create({"name": "Legal", "keywords": "სასამართლო", "team_id": self.other_team.id})
        chosen = self._draft_request(partner_id=self.client.id, subject="სასამართლო", team_id=self.team.id)
        chosen.action_register()
        self.assertEqual(chosen.team_id, self.team, "the operator's choice stays")
        left_empty = self._draft_request(partner_id=self.client.id, subject="სასამართლო", team_id=False)
        left_empty.action_register()
        self.assertEqual((left_empty.team_id, left_empty.user_id), (self.other_team, self.agent))

    def test_agents_read_rules_only_administrators_change_them(self):
        rule = self.Rule.create({"name": "Legal", "team_id": self.other_team.id})
        self.assertEqual(rule.with_user(self.agent).name, "Legal")
        with self.assertRaises(AccessError):
            rule.with_user(self.agent).write({"name": "Changed"})
        rule.with_user(self.desk_admin).write({"name": "Changed"})
        self.assertEqual(rule.name, "Changed")
