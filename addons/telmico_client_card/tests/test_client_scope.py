import ast
import re

from odoo import http
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import ClientCardCase, link_client, mirror_subscribers


class TestClientScope(ClientCardCase):
    """The client card's rules are for clients; every other contact keeps Odoo's behaviour."""

    def test_other_contacts_keep_what_was_typed(self):
        """A vendor's, an employee's private or an imported contact's phone is never refused nor rewritten."""
        Partner = self.env["res.partner"]
        vendor = Partner.create({"name": "Caucasus Cables", "is_company": True, "phone": "ext. 12 (reception)"})
        self.assertEqual(vendor.phone, "ext. 12 (reception)")
        self.assertFalse(vendor.is_client)
        imported = Partner.with_user(self.user).load(
            ["name", "mobile", "company_registry", "is_company"],
            [["Supplier GmbH", "0049 30 1234", "HRB 12345", "1"], ["Other GmbH", "12345", "HRB 12345", "1"]],
        )
        self.assertFalse(imported["messages"], "an accountant's supplier import goes through")
        suppliers = Partner.browse(imported["ids"])
        self.assertEqual(suppliers.mapped("mobile"), ["0049 30 1234", "12345"])
        self.assertEqual(suppliers.mapped("company_registry"), ["HRB 12345", "HRB 12345"], "free-form, shared")
        private = Partner.create({"name": "ლია ცინცაძე", "mobile": "599 55 44 33", "type": "other"})
        self.assertEqual(private.mobile, "599 55 44 33", "kept as typed")
        private.write({"mobile": "12345"})
        self.assertEqual(private.mobile, "12345")
        self.assertFalse(private.duplicate_partner_ids)
        self.assertFalse(private.attention_message, "no client banner on a contact")

    def test_non_blocking_warning_for_other_contacts(self):
        contact = self.env["res.partner"].new({"name": "Supplier", "phone": "12345"})
        warning = contact._onchange_phone_check()["warning"]
        self.assertIn("It is kept as typed", warning["message"])
        client = self.env["res.partner"].new({"name": "კლიენტი", "phone": "12345", "is_client": True})
        self.assertIn("cannot be saved", client._onchange_phone_check()["warning"]["message"])
        self.assertFalse(self.env["res.partner"].new({"name": "ა", "phone": "599 12 34 56"})._onchange_phone_check())

    def test_clients_keep_the_strict_rules(self):
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            self._client(name="ლაშა ლომიძე", mobile="12345")
        client = self._client(name="ლაშა ლომიძე", mobile="599 12 34 57")
        self.assertEqual(client.mobile, "+995599123457")
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            client.write({"phone": "12345"})
        with self.assertRaisesRegex(ValidationError, "exactly 9 digits"):
            self._client(name="შპს ა", is_company=True, company_registry="HRB 12345")

    def test_what_makes_a_client(self):
        """The Clients menu and the desk create clients; a personal number or a subscriber link makes one."""
        Partner = self.env["res.partner"].with_user(self.user)
        action = self.env.ref("telmico_client_card.telmico_client_action")
        with Form(Partner.with_context(**ast.literal_eval(action.context))) as form:
            form.first_name = "ნანა"
            form.last_name = "კაპანაძე"
            form.mobile = "577 11 22 33"
        self.assertTrue(form.record.is_client)
        self.assertEqual(form.record.mobile, "+995577112233")
        self.assertIn(form.record, Partner.search(ast.literal_eval(action.domain)))
        with_number = Partner.create(
            {"name": "ოთარ ნოზაძე", "personal_number": "01024053555", "phone": "0322 12 34 56"}
        )
        self.assertTrue(with_number.is_client)
        self.assertEqual(with_number.phone, "+995322123456")
        contact = Partner.create({"name": "თამარ ჩხეიძე", "mobile": "599 77 66 55"})
        self.assertFalse(contact.is_client)
        self.assertNotIn(contact, Partner.search(ast.literal_eval(action.domain)), "the Clients list shows clients")
        link_client(self.env, contact, self.sub2, role="tenant")
        self.assertTrue(contact.is_client, "linked to a subscriber")
        self.assertEqual(contact.mobile, "+995599776655", "a contact becoming a client has its phones converted")
        unreadable = Partner.create({"name": "ზაზა", "mobile": "12345"})
        with self.assertRaisesRegex(ValidationError, "“12345” is not a valid phone number"):
            unreadable.write({"is_client": True})

    def test_duplicates_between_clients(self):
        """Duplicate control compares clients, whatever the format their phones were typed in."""
        giorgi = self._client(name="გიორგი ბერიძე", mobile="599 12 34 56")
        self.env["res.partner"].create({"name": "გიორგის ძველი კონტაქტი", "mobile": "+995 599 12 34 56"})
        with Form(self.env["res.partner"].with_context(default_is_client=True)) as form:
            form.name = "ნანა ბერიძე"
            form.mobile = "(599) 12-34-56"
            self.assertEqual(form.duplicate_partner_ids[:], giorgi, "only clients are listed")


@tagged("post_install", "-at_install")
class TestClientScopePortal(HttpCase):
    """*My account* in the portal: a client's phone is checked on the form; another user's is kept as typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.client_user = new_test_user(cls.env, login="cc_portal_client", groups="base.group_portal", name="Eter")
        cls.other_user = new_test_user(cls.env, login="cc_portal_other", groups="base.group_portal", name="Guest")
        (subscriber,) = mirror_subscribers(cls.env, (0, {"number": "4000000001"}))
        link_client(cls.env, cls.client_user.partner_id, subscriber)
        cls.georgia = cls.env.ref("base.ge")

    def _save_account(self, login, phone):
        self.authenticate(login, login)
        data = {
            "name": "Eter Beridze",
            "email": f"{login}@example.ge",
            "phone": phone,
            "street": "ჭავჭავაძის გამზირი 12",
            "city": "თბილისი",
            "country_id": str(self.georgia.id),
            "csrf_token": http.Request.csrf_token(self),
        }
        return self.url_open("/my/account", data=data, allow_redirects=False)

    def test_client_phone_checked_on_the_form(self):
        partner = self.client_user.partner_id
        self.assertTrue(partner.is_client)
        response = self._save_account("cc_portal_client", "12-34")
        self.assertEqual(response.status_code, 200, "the form again, not a server error")
        self.assertTrue(re.search(r"“12-34” is not a valid phone number", response.text))
        partner.invalidate_recordset()
        self.assertNotEqual(partner.phone, "12-34")
        response = self._save_account("cc_portal_client", "599 11 22 33")
        self.assertEqual(response.status_code, 303)
        partner.invalidate_recordset()
        self.assertEqual(partner.phone, "+995599112233")

    def test_other_portal_user_keeps_what_was_typed(self):
        response = self._save_account("cc_portal_other", "12-34")
        self.assertEqual(response.status_code, 303)
        self.other_user.partner_id.invalidate_recordset()
        self.assertEqual(self.other_user.partner_id.phone, "12-34")
