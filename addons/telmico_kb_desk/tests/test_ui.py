from odoo.tests import HttpCase, tagged

from .common import KbDeskCase


@tagged("post_install", "-at_install")
class TestKbDeskUi(HttpCase, KbDeskCase):
    def test_reply_with_a_suggested_answer(self):
        """On a request about a tariff the operator sees the tariff script and replies with its answer."""
        request = self._request(subject="რა ღირს ერთი კილოვატსაათი? ტარიფი მაინტერესებს", user_id=self.agent.id)
        self.start_tour(
            f"/odoo/action-telmico_desk.telmico_request_action/{request.id}",
            "telmico_kb_desk_reply_tour",
            login="desk_agent",
        )
        self.assertIn("19,8 თეთრი", request.message_ids[0].body)
        self.assertEqual(request.kb_article_ids, self.tariff)
