from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user

from .common import ClientCardCase


class TestClientCard(ClientCardCase):
    def test_phones_normalized_and_shown_nationally(self):
        client = self._client(first_name="ნინო", last_name="კაპანაძე", mobile="599 12 34 57", phone="0322 12 34 56")
        self.assertEqual(client.mobile, "+995599123457")
        self.assertEqual(client.phone, "+995322123456")
        self.assertEqual(client.mobile_national, "599 12 34 57")
        self.assertEqual(client.phone_national, "032 212 34 56")
        client.mobile = "+995 (577) 00-11-22"
        self.assertEqual(client.mobile, "+995577001122")

    def test_invalid_phone_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            self._client(name="ლაშა ლომიძე", mobile="12345")

    def test_name_from_first_and_last_name(self):
        client = self._client(first_name="ლევან", last_name="გელაშვილი")
        self.assertEqual(client.name, "ლევან გელაშვილი")
        client.write({"first_name": "ლაშა"})
        self.assertEqual(client.name, "ლაშა გელაშვილი")
        with Form(self.env["res.partner"].with_context(default_is_client=True)) as form:
            form.first_name = "თამარ"
            form.last_name = "ჩხეიძე"
            self.assertEqual(form.name, "თამარ ჩხეიძე")

    def test_identifier_formats(self):
        with self.assertRaisesRegex(ValidationError, "exactly 11 digits"):
            self._client(name="ა", personal_number="1234567890")
        client = self._client(name="ბ", personal_number="0102 4053 999")
        self.assertEqual(client.personal_number, "01024053999", "spaces are dropped, a leading zero kept")
        with self.assertRaisesRegex(ValidationError, "exactly 9 digits"):
            self._client(name='შპს "მზიური"', is_company=True, company_registry="40412")
        company = self._client(name='შპს "ქართული პური"', is_company=True, company_registry="404123456")
        self.assertEqual(company.company_registry, "404123456")

    def test_link_copies_subscriber_data_where_empty(self):
        client = self._client(first_name="გიორგი", last_name="ბერიძე", email="own@example.ge")
        self.env["telmico.subscriber.link"].create(
            {"partner_id": client.id, "subscriber_id": self.sub1.id, "role_id": self.role_owner.id}
        )
        self.assertEqual(client.street, "ჭავჭავაძის გამზირი 12")
        self.assertEqual(client.street2, "apt. 45")
        self.assertEqual(client.mobile, "+995599123456")
        self.assertEqual(client.personal_number, "01024053111", "an owner gets the holder's personal number")
        self.assertEqual(client.email, "own@example.ge", "the client's own value wins")
        self.assertEqual(client.subscriber_numbers, "1000000001")
        self.assertIn("1000000001", client.message_ids[0].body)
        # the client's copy stays editable
        client.street = "ვაჟა-ფშაველას გამზირი 3"
        self.assertEqual(client.street, "ვაჟა-ფშაველას გამზირი 3")

    def test_family_member_link_does_not_take_owner_identifier(self):
        client = self._client(first_name="ნანა", last_name="ბერიძე")
        self.env["telmico.subscriber.link"].create(
            {"partner_id": client.id, "subscriber_id": self.sub1.id, "role_id": self.role_family.id}
        )
        self.assertFalse(client.personal_number)
        self.assertEqual(client.street, "ჭავჭავაძის გამზირი 12")

    def test_client_without_subscriber(self):
        client = self._client(first_name="ოთარ", last_name="ნოზაძე", mobile="555 11 22 33")
        self.assertEqual(client.subscriber_count, 0)
        self.assertFalse(client.total_debt)

    def test_attention_banner(self):
        client = self._client(first_name="გიორგი", last_name="ბერიძე")
        self.assertIn("Identity not confirmed", client.attention_message)
        client.action_confirm_identity()
        self.assertFalse(client.attention_message)
        self.env["telmico.subscriber.link"].create(
            {"partner_id": client.id, "subscriber_id": self.sub1.id, "role_id": self.role_owner.id}
        )
        self.assertEqual(client.total_debt, 250.0)
        self.assertIn("Debt of 250.00", client.attention_message)
        self.env["ir.config_parameter"].set_param("telmico_client_card.debt_alert_threshold", "300")
        client.invalidate_recordset(["attention_message"])
        self.assertFalse(client.attention_message)
        case = self.env["telmico.debt.case"].create(
            {"name": "სს-1/2026", "partner_id": client.id, "kind": "court", "amount": 250}
        )
        self.assertIn("An open court case", client.attention_message)
        case.action_close()
        self.assertFalse(client.attention_message)
        self.assertEqual(client.debt_case_open_count, 0)
        client.segment_id = self.env.ref("telmico_client_card.segment_vip")
        self.assertIn("Segment: VIP", client.attention_message)

    def test_attention_banner_is_escaped_html(self):
        """The banner is built with Markup: a segment named with HTML shows as text, and the field is sanitized."""
        self.assertTrue(self.env["res.partner"]._fields["attention_message"].sanitize)
        segment = self.env["telmico.client.segment"].create(
            {"name": '<img src=x onerror="alert(1)">VIP', "code": "xss", "highlight": True}
        )
        client = self._client(name="<b>ბერიძე</b>", identity_confirmed=True, segment_id=segment.id)
        self.assertIn("<li>Segment: &lt;img src=x onerror=", client.attention_message)
        self.assertNotIn("<img", client.attention_message)
        self.assertNotIn("<b>", client.attention_message)

    def test_change_history_tracked(self):
        client = self._client(first_name="ირაკლი", last_name="აბაშიძე", mobile="599 00 00 01")
        self.flush_tracking()  # as if created in an earlier transaction
        vip = self.env.ref("telmico_client_card.segment_vip")
        client.with_user(self.user).write({"mobile": "599 00 00 02", "segment_id": vip.id})
        self.flush_tracking()
        tracked = client.message_ids.tracking_value_ids
        mobile_change = tracked.filtered(lambda t: t.field_id.name == "mobile")
        self.assertEqual(
            (mobile_change.old_value_char, mobile_change.new_value_char), ("+995599000001", "+995599000002")
        )
        self.assertIn("segment_id", tracked.field_id.mapped("name"))
        self.assertEqual(mobile_change.mail_message_id.author_id, self.user.partner_id, "who changed it")

    def test_portal_account_flag(self):
        client = self._client(first_name="სალომე", last_name="დოლიძე", email="salome@example.ge")
        self.assertFalse(client.has_portal_account)
        new_test_user(self.env, login="salome@example.ge", groups="base.group_portal", partner_id=client.id)
        client.invalidate_recordset(["has_portal_account"])
        self.assertTrue(client.has_portal_account)
