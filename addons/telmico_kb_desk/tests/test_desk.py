from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import KbDeskCase


@tagged("at_install")
class TestKbOnTheDesk(KbDeskCase):
    def test_agents_read_the_knowledge_base(self):
        self.assertTrue(self.agent.has_group("telmico_kb.group_kb_user"))
        self.assertFalse(self.agent.has_group("telmico_kb.group_kb_editor"))

    def test_suggestions_follow_the_request(self):
        """The chosen service suggests its script first; the subject and description choose the others."""
        draft = self._draft_request(partner_id=self.client.id)
        self.assertFalse(draft.kb_suggestion_ids, "nothing said yet, nothing suggested")
        draft.subject = "კლიენტი უკმაყოფილოა, საჩივრის დაწერა უნდა"
        self.assertEqual(draft.kb_suggestion_ids[:1], self.conflict)
        self.env["telmico.service"].with_user(self.agent).create(
            {"template_id": self.tpl_consult.id, "partner_id": self.client.id, "request_id": draft.id}
        )
        draft.invalidate_recordset(["kb_suggestion_ids"])
        self.assertEqual(draft.kb_suggestion_ids[0], self.tariff, "the page written for the chosen service first")
        self.assertIn(self.conflict, draft.kb_suggestion_ids)
        self.assertNotIn(self.news, draft.kb_suggestion_ids)

    def test_suggestions_in_the_new_request_form(self):
        """In the form being typed (onchange), suggestions come from the subject as it is typed."""
        Request = self.env["telmico.request"].with_user(self.agent)
        values = Request.onchange(
            {"subject": "როგორ გადავიხადო ბანკით?", "channel": "walk_in"},
            ["subject"],
            {"subject": {}, "channel": {}, "kb_suggestion_ids": {"fields": {"display_name": {}}}},
        )["value"]
        linked = [command[1] for command in values["kb_suggestion_ids"] if command[0] == Command.LINK]
        self.assertEqual(linked[0], self.payment.id)

    def test_call_centre_screen_pop(self):
        """The call centre's method: text, service template and IVR choice, best first."""
        self.conflict.ivr_codes = "3"
        data = (
            self.env["telmico.kb.article"]
            .with_user(self.agent)
            .kb_suggest("ტარიფი", template_ids=self.tpl_consult.ids, ivr_choice="3")
        )
        self.assertEqual([item["id"] for item in data[:2]], [self.tariff.id, self.conflict.id])

    def test_reply_with_an_answer(self):
        request = self._request(subject="ტარიფის კითხვა")
        action = self.tariff.with_user(self.agent).with_context(kb_request_id=request.id).action_kb_reply()
        self.assertEqual(action["res_model"], "mail.compose.message")
        context = action["context"]
        self.assertEqual((context["default_model"], context["default_res_ids"]), ("telmico.request", request.ids))
        self.assertIn("19,8 თეთრი", context["default_body"])
        self.assertEqual(request.kb_article_ids, self.tariff, "the answer used is kept on the request")
        composer = self.env["mail.compose.message"].with_user(self.agent).with_context(**context).create({})
        composer._action_send_mail()
        self.assertIn("19,8 თეთრი", request.message_ids[0].body)
        with self.assertRaises(UserError):
            self.tariff.with_user(self.agent).with_context(kb_request_id="virtual_12").action_kb_reply()

    def test_answer_into_the_description_of_a_registration(self):
        draft = self._draft_request(partner_id=self.client.id, description="<p>კლიენტი იკითხა ტარიფი.</p>")
        self.tariff.with_user(self.agent).with_context(kb_request_id=draft.id).action_kb_add_to_description()
        self.assertIn("კლიენტი იკითხა ტარიფი.", draft.description)
        self.assertIn("19,8 თეთრი", draft.description)
        self.assertEqual(draft.kb_article_ids, self.tariff)
        registered = self._request()
        with self.assertRaises(UserError):
            self.tariff.with_user(self.agent).with_context(kb_request_id=registered.id).action_kb_add_to_description()

    def test_whats_new_on_the_desk(self):
        """Unread news are counted on each agent's Desk until the agent confirms them."""
        block = self.desk(self.agent)["kb_news"]
        self.assertEqual((block["count"], block["alert"]), (1, 1))
        self.assertEqual(self.item_ids(block), self.news.ids)
        since = self.last_bus_id()
        self.env["telmico.desk"].with_user(self.agent).desk_call(
            "telmico.kb.article", self.news.id, "action_confirm_read"
        )
        self.assertEqual(self.desk(self.agent)["kb_news"]["count"], 0)
        self.assertEqual(self.desk(self.agent2)["kb_news"]["count"], 1, "each agent confirms for themselves")
        self.assertIn(self.agent.partner_id, self.desk_refreshes(since))
        self.assertTrue(self.news.with_user(self.agent).is_read)

    def test_publishing_news_refreshes_the_desks(self):
        news = self.env["telmico.kb.article"].create({"name": "გრაფიკის ცვლილება", "kind": "news", "body": "<p>x</p>"})
        since = self.last_bus_id()
        news.action_publish()
        self.assertIn(self.agent2.partner_id, self.desk_refreshes(since))
        self.assertEqual(self.desk(self.agent2)["kb_news"]["count"], 2)

    def test_links_to_services(self):
        self.payment.service_template_ids = [Command.link(self.tpl_receipt.id)]
        suggestions = self.env["telmico.kb.article"].with_user(self.agent)._kb_suggest("", self.tpl_receipt)
        self.assertEqual([article for article, _score in suggestions], [self.payment])
