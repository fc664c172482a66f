from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DeskCase


@tagged("post_install", "-at_install")
class TestSla(DeskCase):
    """SLA deadlines on Telmico's calendar: Mon-Fri 09:00-18:00 Tbilisi (UTC+4), lunch 13-14, public holidays.

    Times in the assertions are UTC, as stored: 09:00 in Tbilisi is 05:00 UTC, 18:00 is 14:00 UTC.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["telmico.request.category"]
        cls.cat_fast = Category.create({"name": "Meter broken"})
        cls.fast = cls.env["telmico.desk.sla"].create(
            {
                "name": "Two hours",
                "sequence": 1,
                "category_ids": [Command.set(cls.cat_fast.ids)],
                "response_hours": 2,
                "resolution_hours": 4,
                "warning_hours": 1,
                "escalation_user_id": cls.desk_admin.id,
                "escalate_manager_after_hours": 2,
            }
        )
        cls.standard = cls.env.ref("telmico_desk.sla_standard")
        cls.urgent = cls.env.ref("telmico_desk.sla_urgent")
        cls.complaint = cls.env.ref("telmico_desk.sla_complaint")

    def _request(self, **values):
        return self.env["telmico.request"].create(
            {
                "subject": "Question",
                "partner_id": self.client.id,
                "channel": "email",
                "state": "new",
                "team_id": self.team.id,
                "user_id": self.agent.id,
                **values,
            }
        )

    def _cron(self):
        return self.env["telmico.request"]._cron_sla_check()

    def _notes(self, request, text):
        return request.message_ids.filtered(lambda m: text in (m.body or ""))

    # ---------------------------------------------------------- arithmetic

    def test_deadline_across_night_and_weekend(self):
        """Friday 17:00 with two hours to answer: one hour on Friday, one on Monday morning."""
        with freeze_time("2026-03-06 13:00:00"):  # Friday 17:00 in Tbilisi
            request = self._request(category_id=self.cat_fast.id)
        self.assertEqual(request.sla_id, self.fast)
        self.assertEqual(request.date_registered, datetime(2026, 3, 6, 13, 0))
        self.assertEqual(request.sla_response_deadline, datetime(2026, 3, 9, 6, 0), "Monday 10:00")
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 3, 9, 8, 0), "Monday 12:00")
        self.assertEqual(request.sla_state, "on_track")

    def test_deadline_skips_lunch(self):
        with freeze_time("2026-03-06 08:00:00"):  # Friday 12:00
            request = self._request(category_id=self.cat_fast.id)
        self.assertEqual(request.sla_response_deadline, datetime(2026, 3, 6, 11, 0), "12-13 and 14-15: 15:00")

    def test_deadline_skips_public_holiday(self):
        """Monday 25 May 2026 17:00; Tuesday 26 May is Independence Day: the second hour is on Wednesday."""
        with freeze_time("2026-05-25 13:00:00"):
            request = self._request(category_id=self.cat_fast.id)
        self.assertEqual(request.sla_response_deadline, datetime(2026, 5, 27, 6, 0), "Wednesday 10:00")
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 5, 27, 8, 0), "Wednesday 12:00")

    def test_complaint_has_ten_working_days(self):
        with freeze_time("2026-06-01 05:00:00"):  # Monday 09:00
            request = self._request(category_id=self.env.ref("telmico_desk.category_complaint").id)
        self.assertEqual(request.sla_id, self.complaint)
        self.assertEqual(self.complaint.resolution_hours, 80)
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 12, 14, 0), "Friday of next week, 18:00")

    def test_complaint_over_easter(self):
        """Ten working days from Monday 6 April 2026 skip Good Friday to Easter Monday (9-13 April)."""
        with freeze_time("2026-04-06 05:00:00"):
            request = self._request(category_id=self.env.ref("telmico_desk.category_complaint").id)
        # 6, 7, 8 April; 9 (holiday), 10-13 Easter; 14-17, 20, 21, 22 April: the tenth working day is 22 April
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 4, 22, 14, 0))

    # --------------------------------------------------------------- pauses

    def test_pending_pauses_the_clock(self):
        """Answered on Monday, pending Tuesday 10:00-14:00 (3 working hours): resolution moves 3 working hours."""
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request()
        self.assertEqual(request.sla_id, self.standard)
        self.assertEqual(request.sla_response_deadline, datetime(2026, 6, 1, 14, 0), "8 hours: Monday 18:00")
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 5, 14, 0), "40 hours: Friday 18:00")
        with freeze_time("2026-06-01 06:00:00"):
            request.with_user(self.agent).message_post(
                body="We are looking into it.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.date_first_response, datetime(2026, 6, 1, 6, 0))
        with freeze_time("2026-06-02 06:00:00"):
            request.with_user(self.agent).action_pending()
        with freeze_time("2026-06-02 10:00:00"):
            request.with_user(self.agent).action_resume()
        self.assertEqual(request.sla_paused_hours, 3)
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 8, 8, 0), "Monday 12:00")
        self.assertEqual(request.sla_response_deadline, datetime(2026, 6, 1, 14, 0), "answered: no longer moves")

    def test_pending_before_response_moves_both_deadlines(self):
        """Pending from Monday 10:00 to Tuesday 10:00 (8 working hours), not answered yet: both deadlines move."""
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request()
        with freeze_time("2026-06-01 06:00:00"):
            request.action_pending()
        with freeze_time("2026-06-01 15:00:00"):
            # the response deadline (14:00) passes while the client is awaited: it does not count
            self._cron()
        self.assertEqual(request.sla_state, "on_track")
        with freeze_time("2026-06-02 06:00:00"):
            request.action_resume()
        self.assertEqual(request.sla_paused_hours, 8)
        self.assertEqual(request.sla_response_deadline, datetime(2026, 6, 2, 14, 0), "Tuesday 18:00")
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 8, 14, 0), "Monday 18:00")
        self.assertEqual(request.sla_state, "on_track")

    def test_client_answer_resumes_the_clock(self):
        """The client's reply by e-mail puts a pending request back to work, and the pause ends."""
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request()
            request.action_pending()
        with freeze_time("2026-06-01 07:00:00"):
            # as the gateway posts it; the shipped automation rule "client's reply" resumes the work
            request.message_post(
                author_id=self.client.id, body="Here it is", message_type="email", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.sla_paused_hours, 2)
        self.assertEqual(request.sla_response_deadline, datetime(2026, 6, 2, 7, 0), "Tuesday 11:00")

    # ------------------------------------------------------- first response

    def test_first_response(self):
        """Only an agent's public reply answers: notes, the client's messages and automatic mails do not."""
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request(category_id=self.cat_fast.id)
        with freeze_time("2026-06-01 05:10:00"):
            request.with_user(self.agent).message_post(body="internal", subtype_xmlid="mail.mt_note")
            request.with_user(self.agent).with_context(telmico_auto_reply=True).message_post(
                body="We received your request", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            request.message_post(
                body="client", author_id=self.client.id, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            request.message_post(body="bot", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertFalse(request.date_first_response)
        with freeze_time("2026-06-01 06:30:00"):
            request.with_user(self.agent).message_post(
                body="answer", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time("2026-06-01 07:05:00"):  # response deadline 07:00 passed, but it was answered in time
            self._cron()
        with freeze_time("2026-06-01 07:30:00"):
            request.with_user(self.agent2).message_post(
                body="second answer", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.date_first_response, datetime(2026, 6, 1, 6, 30), "the first answer counts")
        self.assertEqual(request.sla_state, "on_track")
        self.assertFalse(request.activity_ids)

    def test_walk_in_is_answered_at_registration(self):
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request(channel="walk_in")
        self.assertEqual(request.date_first_response, datetime(2026, 6, 1, 5, 0))

    # ------------------------------------------------------ states and cron

    def test_cron_states_warning_and_escalation(self):
        """On track, at risk (assignee warned once), breached (leader, then manager told once each)."""
        with freeze_time("2026-06-01 05:00:00"):  # response 07:00, resolution 09:00 UTC
            request = self._request(category_id=self.cat_fast.id)
        self.assertEqual(request.sla_next_check, datetime(2026, 6, 1, 6, 0), "an hour before the response deadline")
        with freeze_time("2026-06-01 05:30:00"):
            self.assertEqual(self._cron(), 0, "nothing to look at yet")
        self.assertEqual(request.sla_state, "on_track")
        with freeze_time("2026-06-01 06:10:00"):
            self._cron()
            self._cron()
        self.assertEqual(request.sla_state, "at_risk")
        warnings = self._notes(request, "SLA at risk")
        self.assertEqual(len(warnings), 1, "warned once")
        self.assertEqual(warnings.partner_ids, self.agent.partner_id, "the assignee is mentioned")
        self.assertTrue(request.sla_warned)
        with freeze_time("2026-06-01 07:05:00"):
            self._cron()
            self._cron()
        self.assertEqual(request.sla_state, "breached")
        self.assertEqual(request.sla_escalation_level, 1)
        self.assertEqual(request.activity_ids.user_id, self.leader, "the team leader has a to-do")
        self.assertEqual(request.sla_next_check, datetime(2026, 6, 1, 9, 0), "manager two working hours later")
        with freeze_time("2026-06-01 08:00:00"):
            self._cron()
        self.assertEqual(request.sla_escalation_level, 1)
        with freeze_time("2026-06-01 11:00:00"):  # 15:00 in Tbilisi: the manager's turn
            self._cron()
            self._cron()
        self.assertEqual(request.sla_escalation_level, 2)
        self.assertEqual(request.activity_ids.user_id, self.leader | self.desk_admin)
        self.assertEqual(len(request.activity_ids), 2, "each told once")
        self.assertFalse(request.sla_next_check, "nothing more to do")
        self.assertEqual(len(self._notes(request, "SLA at risk")), 1)
        with freeze_time("2026-06-01 12:00:00"):
            request.with_user(self.agent).action_resolve()
        self.assertEqual(request.sla_state, "breached", "resolved late stays breached")

    def test_resolved_in_time_is_met(self):
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request(category_id=self.cat_fast.id)
        with freeze_time("2026-06-01 06:00:00"):
            request.with_user(self.agent).action_resolve()
        self.assertEqual(request.sla_state, "met")
        self.assertEqual(request.date_first_response, datetime(2026, 6, 1, 6, 0), "the solution is the answer")
        self.assertFalse(request.sla_next_check)
        with freeze_time("2026-06-02 06:00:00"):
            request.action_reopen()
        self.assertEqual(request.sla_paused_hours, 8, "resolved for a working day: not counted")
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 2, 9, 0), "Tuesday 13:00")
        self.assertEqual(request.sla_state, "on_track")

    def test_breach_without_leader_or_manager(self):
        self.fast.write({"escalate_to_leader": False, "escalation_user_id": False})
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request(category_id=self.cat_fast.id)
        with freeze_time("2026-06-01 10:00:00"):
            self._cron()
            self._cron()
        self.assertEqual(request.sla_state, "breached")
        self.assertEqual(request.sla_escalation_level, 1)
        self.assertFalse(request.activity_ids)
        self.assertEqual(len(self._notes(request, "SLA breached")), 1)
        self.assertFalse(request.sla_next_check)

    def test_cron_works_in_batches(self):
        with freeze_time("2026-06-01 05:00:00"):
            requests = self._request(category_id=self.cat_fast.id) | self._request(category_id=self.cat_fast.id)
        with freeze_time("2026-06-01 06:10:00"):
            self.assertEqual(self.env["telmico.request"]._cron_sla_check(limit=1), 1)
            self.assertEqual(self.env["telmico.request"]._cron_sla_check(limit=1), 1)
            self.assertEqual(self.env["telmico.request"]._cron_sla_check(limit=1), 0)
        self.assertEqual(set(requests.mapped("sla_state")), {"at_risk"})

    # -------------------------------------------------------------- matching

    def test_policy_matching(self):
        with freeze_time("2026-06-01 05:00:00"):
            urgent = self._request(priority="3")
            high = self._request(priority="2")
            complaint = self._request(priority="3", category_id=self.env.ref("telmico_desk.category_complaint").id)
        self.assertEqual(urgent.sla_id, self.urgent)
        self.assertEqual(urgent.sla_response_deadline, datetime(2026, 6, 1, 6, 0), "one hour")
        self.assertEqual(high.sla_id, self.standard, "urgent policy: urgent priority only")
        self.assertEqual(complaint.sla_id, self.complaint, "the statutory policy comes first")

        Sla = self.env["telmico.desk.sla"]
        portal = Sla.create({"name": "Cabinet", "sequence": 2, "channel": "portal", "response_hours": 4})
        legal = Sla.create({"name": "Legal", "sequence": 3, "team_ids": [Command.set(self.other_team.ids)]})
        high_plus = Sla.create({"name": "High", "sequence": 4, "priority": "2", "response_hours": 3})
        with freeze_time("2026-06-01 05:00:00"):
            self.assertEqual(self._request(channel="portal").sla_id, portal)
            self.assertEqual(self._request(team_id=self.other_team.id, user_id=False).sla_id, legal)
            self.assertEqual(self._request(priority="2").sla_id, high_plus)
            self.assertEqual(self._request(priority="3").sla_id, high_plus, "high or more")
            self.assertEqual(self._request(priority="1").sla_id, self.standard)
        self.assertFalse(self._draft_request(subject="draft").sla_id, "a registration has no SLA yet")

    def test_policy_choice_kept_until_a_policy_changes(self):
        """Every registration chooses a policy: their conditions are read once, and again after any change."""
        Sla = self.env["telmico.desk.sla"]
        request = self._request(priority="2")
        self.assertEqual(request.sla_id, self.standard)
        self.assertFalse(request.partner_id.commercial_partner_id.segment_id)  # read as at the registration
        with self.assertQueryCount(0):
            self.assertEqual(Sla._find_for(request), self.standard)
        high = Sla.create({"name": "High", "sequence": 4, "priority": "2", "response_hours": 3})
        self.assertEqual(Sla._find_for(request), high, "a new policy applies at once")
        high.priority = "3"
        self.assertEqual(Sla._find_for(request), self.standard, "so does a change of its conditions")
        high.write({"priority": "2", "active": False})
        self.assertEqual(Sla._find_for(request), self.standard, "an archived policy is not chosen")
        self.standard.team_ids = self.other_team
        self.assertFalse(Sla._find_for(request), "nor one whose teams no longer include the request's")

    def test_vip_segment(self):
        self.client.segment_id = self.env.ref("telmico_client_card.segment_vip")
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request()
        self.assertEqual(request.sla_id, self.env.ref("telmico_desk.sla_vip"))
        self.assertEqual(request.sla_response_deadline, datetime(2026, 6, 1, 7, 0))

    def test_policy_rechosen_when_priority_changes(self):
        with freeze_time("2026-06-01 05:00:00"):
            request = self._request()
        self.assertEqual(request.sla_id, self.standard)
        with freeze_time("2026-06-01 06:00:00"):
            request.priority = "3"
        self.assertEqual(request.sla_id, self.urgent)
        self.assertEqual(request.sla_response_deadline, datetime(2026, 6, 1, 6, 0), "from the registration")
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 1, 14, 0))
        self.assertEqual(request.sla_state, "breached")
        with freeze_time("2026-06-01 07:00:00"):
            request.action_resolve()
            request.priority = "1"
        self.assertEqual(request.sla_id, self.urgent, "a resolved request keeps its policy")

    def test_registration_starts_the_clock(self):
        request = self._draft_request(subject="Meter", partner_id=self.client.id, category_id=self.cat_fast.id)
        self.assertEqual(request.sla_state, "none")
        with freeze_time("2026-06-01 05:00:00"):
            request.action_register()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.sla_id, self.fast)
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 1, 9, 0))
        self.assertEqual(request.date_first_response, datetime(2026, 6, 1, 5, 0), "the client was at the desk")

    def test_registration_moved(self):
        """A registration time corrected afterwards (as the demo data does) moves the deadlines with it."""
        with freeze_time("2026-06-02 05:00:00"):
            request = self._request(category_id=self.cat_fast.id, channel="phone")
            request.date_registered = datetime(2026, 6, 1, 5, 0)
        self.assertEqual(request.date_first_response, datetime(2026, 6, 1, 5, 0), "answered on the phone")
        self.assertEqual(request.sla_resolution_deadline, datetime(2026, 6, 1, 9, 0))
        self.assertEqual(request.sla_state, "breached")

    # -------------------------------------------------------------- security

    def test_policies_access(self):
        self.assertEqual(self.standard.with_user(self.agent).name, "Standard")
        with self.assertRaises(AccessError):
            self.standard.with_user(self.agent).write({"response_hours": 1})
        with self.assertRaises(AccessError):
            self.env["telmico.desk.sla"].with_user(self.leader).create({"name": "Mine"})
        self.standard.with_user(self.desk_admin).write({"response_hours": 6})
        self.assertEqual(self.standard.response_hours, 6)
        other_company = self.env["res.company"].create({"name": "Other Telmico"})
        foreign = self.env["telmico.desk.sla"].create({"name": "Foreign", "company_id": other_company.id})
        self.assertIn(self.standard, self.env["telmico.desk.sla"].with_user(self.desk_admin).search([]))
        self.assertNotIn(foreign, self.env["telmico.desk.sla"].with_user(self.desk_admin).search([]))
