from odoo.tests import Form

from .common import DeskCase


class TestOfferHintedService(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tpl_consult.action_ids = [
            (
                0,
                0,
                {"kind": "hint", "name": "შესთავაზეთ ქვითრის ამობეჭდვა", "suggested_template_id": cls.tpl_receipt.id},
            ),
            (0, 0, {"kind": "hint", "name": "აცნობეთ ახალი ტარიფი"}),
        ]

    def test_hint_adds_its_service_to_the_registration(self):
        with Form(self._draft_request(partner_id=self.client.id)) as form, form.service_ids.new() as line:
            line.template_id = self.tpl_consult
            line.subscriber_id = self.subscriber
        request = form.record
        hint = request.offer_line_ids
        self.assertEqual(hint.mapped("name"), ["შესთავაზეთ ქვითრის ამობეჭდვა"], "only a hint that offers a service")
        action = hint.with_user(self.agent).action_offer_service()
        offered = request.service_ids - hint.service_id
        self.assertEqual(
            (offered.template_id, offered.partner_id, offered.subscriber_id, offered.state),
            (self.tpl_receipt, self.client, self.subscriber, "draft"),
            "the offered service joins the registration, for the same client",
        )
        self.assertEqual((action["res_id"], action["target"]), (offered.id, "new"), "filled in over the request")
        request.invalidate_recordset(["offer_line_ids"])
        self.assertFalse(request.offer_line_ids, "offered once")

    def test_service_already_on_the_request_is_not_offered(self):
        request = self._draft_request(partner_id=self.client.id)
        Service = self.env["telmico.service"].with_user(self.agent)
        for template in (self.tpl_consult, self.tpl_receipt):
            Service.create({"template_id": template.id, "partner_id": self.client.id, "request_id": request.id})
        self.assertFalse(request.offer_line_ids)
