from odoo.tests import HttpCase, tagged

from .common import KbCase


@tagged("post_install", "-at_install")
class TestKbUi(HttpCase, KbCase):
    def test_operator_searches_and_reads_a_script(self):
        """Georgian, then Latin-typed Georgian; the conflict script is opened, read and found helpful."""
        self.start_tour("/odoo/action-telmico_kb.telmico_kb_search_action", "telmico_kb_search_tour", login="kb_agent")
        self.assertEqual(self.conflict.view_count, 1)
        self.assertEqual(self.conflict.helpful_count, 1)
