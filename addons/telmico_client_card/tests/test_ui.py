import ast

from odoo.tests import HttpCase, new_test_user, tagged

from .common import GIORGI_SUBSCRIBER, link_client, mirror_subscribers


@tagged("post_install", "-at_install")
class TestClientCardUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(cls.env, login="cc_tour_user", groups="telmico_client_card.group_client_card_user")
        subscriber = mirror_subscribers(cls.env, (0, GIORGI_SUBSCRIBER))
        cls.giorgi = cls.env["res.partner"].create(
            {"first_name": "გიორგი", "last_name": "ბერიძე", "mobile": "599 12 34 56"}
        )
        link_client(cls.env, cls.giorgi, subscriber)

    def test_backoffice_views(self):
        new_test_user(self.env, login="cc_tour_admin", groups="telmico_client_card.group_client_card_manager")
        self.env["telmico.debt.case"].create(
            {"name": "სს-1/2026", "partner_id": self.giorgi.id, "kind": "court", "amount": 250}
        )
        self.start_tour("/odoo", "telmico_client_card_backoffice", login="cc_tour_admin")
        self.assertEqual(self.giorgi.debt_case_ids.state, "closed")

    def test_search_and_open_client_card(self):
        self.start_tour("/odoo", "telmico_client_card_search", login="cc_tour_user")
        action = self.env.ref("telmico_client_card.telmico_client_action")
        listed = self.env["res.partner"].search(ast.literal_eval(action.domain))
        self.assertIn(self.giorgi, listed)
        self.assertNotIn(self.env.company.partner_id, listed, "the company itself is no client")

    def test_duplicate_warning_on_new_card(self):
        self.start_tour("/odoo", "telmico_client_card_duplicate", login="cc_tour_user")
        family = self.env["res.partner"].search([("name", "=", "ნანა ბერიძე")])
        self.assertEqual(family.mobile, "+995599123456")
        self.assertEqual(family.subscriber_link_ids.role_id, self.env.ref("telmico_client_card.link_role_family"))
