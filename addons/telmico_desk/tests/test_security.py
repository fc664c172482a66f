from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import DeskCase


@tagged("post_install", "-at_install")
class TestDeskSecurity(DeskCase):
    def test_roles_chain(self):
        """An administrator is a team leader and an agent; an agent is neither; agents use services."""
        self.assertTrue(self.desk_admin.has_group("telmico_desk.group_desk_leader"))
        self.assertTrue(self.leader.has_group("telmico_desk.group_desk_user"))
        self.assertFalse(self.agent.has_group("telmico_desk.group_desk_leader"))
        self.assertTrue(self.agent.has_group("telmico_service_mgmt.group_service_mgmt_user"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_desk.group_desk_manager"))

    def _request(self, team, user=None):
        request = self.env["telmico.request"].create(
            {"partner_id": self.client.id, "subject": "შემოწმება", "team_id": team.id, "state": "new"}
        )
        if user:
            request.user_id = user
        return request

    def test_agents_see_their_teams_requests_only(self):
        ours = self._request(self.team)
        theirs = self._request(self.other_team)
        assigned_to_me = self._request(self.other_team, user=self.agent)
        Request = self.env["telmico.request"].with_user(self.agent)
        visible = Request.search([("id", "in", (ours | theirs | assigned_to_me).ids)])
        self.assertEqual(visible, ours | assigned_to_me)
        with self.assertRaises(AccessError):
            theirs.with_user(self.agent).read(["subject"])
        self.assertEqual(theirs.with_user(self.outsider).subject, "შემოწმება")
        self.assertEqual(ours.with_user(self.leader).subject, "შემოწმება", "the leader sees the team's work")
        self.assertEqual(
            self.env["telmico.request"].with_user(self.desk_admin).search_count([("id", "in", (ours | theirs).ids)]),
            2,
            "the administrator sees everything",
        )

    def test_configuration_is_for_administrators(self):
        with self.assertRaises(AccessError):
            self.env["telmico.desk.team"].with_user(self.agent).create({"name": "ახალი"})
        with self.assertRaises(AccessError):
            self.env["telmico.request.category"].with_user(self.leader).create({"name": "ახალი"})
        self.env["telmico.request.tag"].with_user(self.leader).create({"name": "სასწრაფო"})
        self.env["telmico.desk.team"].with_user(self.desk_admin).create({"name": "ახალი გუნდი"})

    def test_portal_user_reads_only_own_registered_requests(self):
        portal = new_test_user(self.env, login="desk_portal_client", groups="base.group_portal")
        portal.partner_id.parent_id = False
        own = self.env["telmico.request"].create(
            {"partner_id": portal.partner_id.id, "subject": "ჩემი", "state": "new"}
        )
        draft = self.env["telmico.request"].create({"partner_id": portal.partner_id.id, "subject": "დრაფტი"})
        foreign = self._request(self.team)
        Request = self.env["telmico.request"].with_user(portal)
        self.assertEqual(Request.search([]), own)
        for record in (draft, foreign):
            with self.assertRaises(AccessError):
                record.with_user(portal).read(["subject"])
        with self.assertRaises(AccessError):
            Request.create({"subject": "x"})
        with self.assertRaises(AccessError):
            own.with_user(portal).write({"subject": "შეცვლილი"})

    def test_team_agents_work_on_the_services_of_team_requests(self):
        """A colleague takes over a request: its services, made by the first agent, are his to work on."""
        request = self._draft_request(
            user=self.agent,
            partner_id=self.client.id,
            service_ids=[Command.create({"template_id": self.tpl_receipt.id, "partner_id": self.client.id})],
        )
        service = request.service_ids
        self.assertEqual(service.create_uid, self.agent)
        service.with_user(self.agent2).value_ids.value_input = "სექტემბერი"
        self.assertEqual(service.value_ids.value_char, "სექტემბერი")
        with self.assertRaises(AccessError):
            service.with_user(self.outsider).read(["name"])

    def test_unrouted_requests_for_the_intake_team_and_leaders(self):
        """A request no rule routed to a team is for the intake team (and team leaders), not for every agent."""
        self.assertTrue(self.team.intake, "the shipped support team is the intake team")
        unrouted = self._request(self.team)
        unrouted.team_id = False
        other_leader = new_test_user(self.env, login="desk_other_leader", groups="telmico_desk.group_desk_leader")
        self.other_team.leader_id = other_leader
        for user in (self.agent, self.leader, other_leader):
            unrouted.with_user(user).write({"priority": "2"})
            self.assertEqual(unrouted.with_user(user).subject, "შემოწმება")
        Request = self.env["telmico.request"].with_user(self.outsider)
        self.assertFalse(Request.search([("id", "=", unrouted.id)]), "an agent of another team does not see it")
        with self.assertRaises(AccessError):
            unrouted.with_user(self.outsider).read(["subject"])
        with self.assertRaises(AccessError):
            unrouted.with_user(self.outsider).write({"priority": "3"})
        # the administrator chooses the intake team: the support team's agents lose the unrouted queue
        self.team.intake = False
        self.other_team.intake = True
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            unrouted.with_user(self.agent).read(["subject"])
        self.assertEqual(unrouted.with_user(self.outsider).subject, "შემოწმება")
        self.assertEqual(unrouted.with_user(self.leader).subject, "შემოწმება", "leaders still see it")

    def test_intake_team_is_the_default_team(self):
        self.assertEqual(self._draft_request().team_id, self.team)
        self.team.intake = False
        self.other_team.intake = True
        self.assertEqual(self._draft_request().team_id, self.other_team)

    def test_leaders_edit_only_the_teams_they_lead(self):
        self.team.with_user(self.leader).write({"member_ids": [Command.link(self.outsider.id)]})
        self.assertIn(self.outsider, self.team.member_ids)
        self.assertEqual(self.other_team.with_user(self.leader).name, "იურიდიული", "every team is readable")
        with self.assertRaises(AccessError):
            self.other_team.with_user(self.leader).write({"member_ids": [Command.link(self.leader.id)]})
        with self.assertRaises(AccessError):
            self.team.with_user(self.leader).write({"intake": False})
        self.other_team.with_user(self.desk_admin).write({"leader_id": self.leader.id})
        self.other_team.with_user(self.leader).write({"member_ids": [Command.link(self.agent.id)]})
        self.assertIn(self.agent, self.other_team.member_ids)

    def test_requests_of_another_company(self):
        other_company = self.env["res.company"].create({"name": "თელმიკო 2"})
        theirs = self._request(self.team)
        theirs.company_id = other_company
        ours = self._request(self.team)
        for user in (self.agent, self.desk_admin):
            Request = self.env["telmico.request"].with_user(user)
            self.assertEqual(Request.search([("id", "in", (ours | theirs).ids)]), ours)
            with self.assertRaises(AccessError):
                theirs.with_user(user).read(["subject"])
        self.desk_admin.company_ids = [Command.link(other_company.id)]
        self.assertEqual(theirs.with_user(self.desk_admin).subject, "შემოწმება", "allowed in both companies")
