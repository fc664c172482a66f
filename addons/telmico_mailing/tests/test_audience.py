from odoo.addons.telmico_client_card.tests.common import demo_data
from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import MailingCase


class TestAudience(MailingCase):
    def _clients_of(self, audience):
        """The test clients an audience reaches (other contacts of the database left aside)."""
        return self.env["res.partner"].search(audience._get_domain()) & self.clients

    def test_debt_and_district(self):
        self.assertEqual(self._clients_of(self._audience(min_debt=50)), self.nino | self.levan)
        saburtalo = self._audience(name="დავალიანება 50 ლარზე მეტი — საბურთალო", min_debt=50, districts="საბურთალო")
        self.assertEqual(self._clients_of(saburtalo), self.nino)
        self.assertEqual(saburtalo.recipient_count, 1)
        self.assertEqual(saburtalo.sample_partner_ids, self.nino)
        both = self._audience(districts=" საბურთალო , ვაკე ")
        self.assertEqual(self._clients_of(both), self.clients)
        self.assertEqual(self._clients_of(self._audience(debtors_only=True)), self.clients)

    def test_segment_tariff_status_channel_consents(self):
        self.assertEqual(self._clients_of(self._audience(segment_ids=self.vip.ids)), self.nino | self.tamar)
        self.assertEqual(self._clients_of(self._audience(tariffs="RES-2")), self.levan)
        self.assertEqual(self._clients_of(self._audience(subscriber_status="suspended")), self.tamar)
        self.assertEqual(self._clients_of(self._audience(preferred_channel="email")), self.levan)
        self.assertEqual(self._clients_of(self._audience(consent_sms=True)), self.nino | self.tamar)
        self.assertEqual(self._clients_of(self._audience(consent_marketing=True)), self.nino)
        # subscriber criteria hold for one and the same subscriber: Tamar's is in Saburtalo but suspended
        self.assertFalse(self._clients_of(self._audience(districts="საბურთალო", tariffs="RES-2")))
        self.assertEqual(self._clients_of(self._audience(districts="საბურთალო", subscriber_status="active")), self.nino)

    def test_advanced_domain(self):
        audience = self._audience(min_debt=5, advanced_domain=repr([("email", "ilike", "example.ge")]))
        self.assertEqual(self._clients_of(audience), self.nino | self.levan)
        with self.assertRaises(ValidationError):
            self._audience(advanced_domain="[('email', 'ilike'")
        with self.assertRaises(ValidationError):
            self._audience(advanced_domain="[('no_such_field', '=', 1)]")

    def test_billing_change_moves_client_in_or_out(self):
        """The debt filter reads the stored debt: a billing push changes who is in the audience."""
        audience = self._audience(min_debt=100)
        self.assertEqual(self._clients_of(audience), self.nino)
        backend = self.env.ref("telmico_client_card.billing_backend_main").with_context(telmico_billing_sync=True)
        run = self.env["telmico.billing.sync.run"].create({"backend_id": backend.id, "kind": "push"})
        record = dict(demo_data.subscriber(41), balance="150.00", updated_at="2026-11-29T10:00:00Z")
        for key in ("charges", "payments", "receipts"):
            record[key] = []
        backend._apply_subscriber_records([record], run)
        self.assertEqual(self._clients_of(audience), self.nino | self.levan)

    def test_apply_to_mailing(self):
        audience = self._audience(name="ვაკის მოვალეები", min_debt=50, districts="ვაკე")
        action = audience.with_user(self.user).action_new_sms_mailing()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual((mailing.mailing_type, mailing.mailing_model_real), ("sms", "res.partner"))
        self.assertEqual(mailing.audience_id, audience)
        self.assertEqual(mailing.mailing_domain, repr(audience._get_domain()))
        self.assertEqual(audience.mailing_count, 1)
        # or picked on a mailing's form: the recipients become the audience's clients
        with Form(self.env["mailing.mailing"].with_context(default_mailing_type="mail")) as form:
            form.subject = "შეხსენება"
            form.audience_id = audience
        self.assertEqual(form.record.mailing_model_real, "res.partner")
        self.assertEqual(form.record.mailing_domain, repr(audience._get_domain()))

    def test_audience_only_for_contacts(self):
        audience = self._audience(min_debt=1)
        with self.assertRaises(ValidationError):
            self.env["mailing.mailing"].create(
                {
                    "subject": "სია",
                    "audience_id": audience.id,
                    "mailing_model_id": self.env["ir.model"]._get("mailing.list").id,
                }
            )
