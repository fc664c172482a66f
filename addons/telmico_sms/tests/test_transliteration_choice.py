from odoo.tests import Form, tagged

from .common import SmsGatewayCase

GIORGI = "995599123456"
# 80 Georgian characters: two UCS-2 segments as written, one GSM-7 segment in Latin
TEXT = "გამარჯობა, გადაიხადეთ დავალიანება ვადაში. " + "ა" * 38


@tagged("post_install", "-at_install", "telmico_sms")
class TestTransliterationChoice(SmsGatewayCase):
    """The template's or mailing's "Transliterate to Latin" wins over the gateway's switch."""

    def _template(self, **vals):
        return self.env["sms.template"].create(
            {"name": "შეხსენება", "model_id": self.env["ir.model"]._get("res.partner").id, "body": "გამარჯობა", **vals}
        )

    def test_choice_of_the_sms_wins_over_the_gateway(self):
        original = self.queue(GIORGI, body="გამარჯობა")
        original.transliteration = "original"
        self.send(original)
        self.gateway.transliterate = False
        latin = self.queue(GIORGI, body="გამარჯობა")
        latin.transliteration = "latin"
        self.send(latin | self.queue(GIORGI, body="ნახვამდის"))
        self.assertEqual([m["content"] for m in self.sim.messages], ["გამარჯობა", "gamarjoba", "ნახვამდის"])

    def test_template_choice_reaches_the_sms(self):
        self.assertTrue(self._template().transliterate, "new templates follow the gateway (on)")
        template = self._template(transliterate=False)
        composer = Form(
            self.env["sms.composer"].with_context(
                default_res_model="res.partner",
                default_res_id=self.client.id,
                default_composition_mode="comment",
                default_template_id=template.id,
            )
        )
        self.assertFalse(composer.transliterate, "the template's choice")
        composer.save()._action_send_sms()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(sms.transliteration, "original")
        self.assertEqual(self.sim.messages[0]["content"], "გამარჯობა", "sent as written despite the gateway")
        self.gateway.transliterate = False
        self.assertFalse(self._template().transliterate, "new templates follow the gateway (off)")

    def test_live_counter_and_cost(self):
        self.gateway.segment_price = 0.03
        form = Form(self._template())
        form.body = TEXT
        self.assertEqual(
            (form.sms_char_count, form.sms_encoding, form.sms_segment_count),
            (80, "ucs2", 2),
        )
        self.assertEqual((form.sms_latin_encoding, form.sms_latin_segment_count), ("gsm7", 1))
        self.assertAlmostEqual(form.sms_estimated_cost, 0.03, msg="one Latin segment")
        form.transliterate = False
        self.assertAlmostEqual(form.sms_estimated_cost, 0.06, msg="two Georgian segments")
        form.body = "Telmico {}"
        self.assertEqual((form.sms_char_count, form.sms_encoding, form.sms_segment_count), (10, "gsm7", 1))
