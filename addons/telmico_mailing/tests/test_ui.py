from odoo.tests import HttpCase, new_test_user, tagged

from .common import create_mailing_world


@tagged("post_install", "-at_install")
class TestMailingUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, login="mailing_tour_user", groups="telmico_mailing.group_mailing_user")
        world = create_mailing_world(cls.env)
        cls.nino = world["nino"]
        cls.audience = cls.env["telmico.mailing.audience"].create(
            {"name": "დავალიანება 50 ლარზე მეტი — საბურთალო", "min_debt": 50, "districts": "საბურთალო"}
        )

    def test_sms_mailing_from_saved_audience(self):
        self.start_tour("/odoo", "telmico_mailing_sms_from_audience", login="mailing_tour_user")
        mailing = self.env["mailing.mailing"].search([("audience_id", "=", self.audience.id)])
        self.assertEqual(len(mailing), 1)
        self.assertEqual(mailing.mailing_type, "sms")
        self.assertEqual(mailing.mailing_kind, "transactional")
        self.assertEqual(mailing.body_plaintext, "გთხოვთ, დაფაროთ დავალიანება. Telmico")
        self.assertEqual(mailing._get_recipients(), self.nino.ids, "only Saburtalo's debtor with an SMS consent")
