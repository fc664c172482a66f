from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import ClientCardCase


class TestDuplicates(ClientCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.giorgi = cls._client(
            first_name="გიორგი",
            last_name="ბერიძე",
            mobile="599 12 34 56",
            personal_number="01024053111",
            street="ჭავჭავაძის გამზირი 12",
        )

    def test_warning_before_saving(self):
        """Typing a known phone shows the matching clients on the unsaved form."""
        # the client card's form (Clients menu): a new card is a client
        with Form(self.env["res.partner"].with_user(self.user).with_context(default_is_client=True)) as form:
            form.first_name = "ნანა"
            form.last_name = "ბერიძე"
            self.assertFalse(form.duplicate_partner_ids)
            form.mobile = "+995 599 12-34-56"
            self.assertEqual(form.duplicate_partner_ids[:], self.giorgi)
        family = self.env["res.partner"].search([("name", "=", "ნანა ბერიძე")])
        self.assertEqual(family.mobile, self.giorgi.mobile, "a shared phone (a family) may be saved")
        self.assertIn(self.giorgi, family.duplicate_partner_ids)
        with Form(self.env["res.partner"].with_context(default_is_client=True)) as form:
            form.name = "გ. ბერიძე"
            form.personal_number = "01024053111"
            self.assertEqual(form.duplicate_partner_ids[:], self.giorgi)
            form.personal_number = "01024053112"
            self.assertFalse(form.duplicate_partner_ids)

    def test_link_family_member_to_found_clients_subscribers(self):
        self.env["telmico.subscriber.link"].create(
            {"partner_id": self.giorgi.id, "subscriber_id": self.sub1.id, "role_id": self.role_owner.id}
        )
        family = self._client(name="ნანა ბერიძე", mobile="599 12 34 56")
        self.assertIn(self.giorgi, family.duplicate_partner_ids)
        self.giorgi.with_user(self.user).with_context(telmico_current_partner_id=family.id).action_link_to_current()
        self.assertEqual(family.subscriber_link_ids.subscriber_id, self.sub1)
        self.assertEqual(family.subscriber_link_ids.role_id, self.role_family)
        self.assertFalse(family.personal_number, "a family member does not take the owner's personal number")
        with self.assertRaisesRegex(UserError, "no subscriber this card is not linked to"):
            self.giorgi.with_context(telmico_current_partner_id=family.id).action_link_to_current()
        with self.assertRaisesRegex(UserError, "Save the card first"):
            self.giorgi.action_link_to_current()

    def test_same_personal_number_blocked(self):
        with self.assertRaisesRegex(ValidationError, "already belongs to client “გიორგი ბერიძე”"):
            self._client(name="გიორგი ბერიძე", personal_number="01024053111")
        with self.assertRaisesRegex(ValidationError, "already belongs"):
            self._client(name="ა").write({"personal_number": "01024053111"})
        with self.assertRaisesRegex(ValidationError, "cannot have the same personal number"):
            self.env["res.partner"].create(
                [{"name": "ა", "personal_number": "11111111111"}, {"name": "ბ", "personal_number": "11111111111"}]
            )

    def test_same_company_id_blocked(self):
        self._client(name='შპს "მზიური"', is_company=True, company_registry="404123456")
        with self.assertRaisesRegex(ValidationError, "already belongs"):
            self._client(name='შპს "მზიური 2"', is_company=True, company_registry="404123456")

    def test_merge_keeps_every_link(self):
        duplicate = self._client(name="გ. ბერიძე", mobile="599123456")
        link1 = self.env["telmico.subscriber.link"].create(
            {"partner_id": self.giorgi.id, "subscriber_id": self.sub1.id, "role_id": self.role_owner.id}
        )
        link2 = self.env["telmico.subscriber.link"].create(
            {"partner_id": duplicate.id, "subscriber_id": self.sub2.id, "role_id": self.role_tenant.id}
        )
        same = self.env["telmico.subscriber.link"].create(
            {"partner_id": duplicate.id, "subscriber_id": self.sub1.id, "role_id": self.role_owner.id}
        )
        case = self.env["telmico.debt.case"].create({"name": "წს-7", "partner_id": duplicate.id, "kind": "pre_court"})
        message = duplicate.message_post(body="კლიენტმა დარეკა")
        action = (
            duplicate.with_user(self.supervisor)
            .with_context(telmico_current_partner_id=self.giorgi.id)
            .action_merge_with()
        )
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.dst_partner_id, self.giorgi)
        with mute_logger("odoo.sql_db"):
            wizard.with_user(self.supervisor).action_merge()
        self.env.invalidate_all()  # the merge moves the links in SQL
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.giorgi.subscriber_ids, self.sub1 | self.sub2)
        self.assertEqual(link1.exists() | link2.exists(), self.giorgi.subscriber_link_ids)
        self.assertFalse(same.exists(), "the same link twice collapses into one")
        self.assertEqual(case.partner_id, self.giorgi)
        self.assertEqual(message.res_id, self.giorgi.id)
        self.assertEqual(self.giorgi.personal_number, "01024053111")

    def test_merge_carries_personal_number_to_card_without_one(self):
        plain = self._client(name="გიორგი ბერიძე", mobile="599 12 34 56")
        wizard = self.env["base.partner.merge.automatic.wizard"].create(
            {"partner_ids": [(6, 0, [plain.id, self.giorgi.id])], "dst_partner_id": plain.id}
        )
        wizard.action_merge()
        self.assertEqual(plain.personal_number, "01024053111")

    def test_merge_refuses_different_personal_numbers(self):
        other = self._client(name="გიორგი ბერიძე", personal_number="01024053222")
        wizard = self.env["base.partner.merge.automatic.wizard"].create(
            {"partner_ids": [(6, 0, [other.id, self.giorgi.id])], "dst_partner_id": other.id}
        )
        with self.assertRaisesRegex(UserError, "different personal numbers"):
            wizard.action_merge()

    def test_scheduled_report(self):
        family = self._client(name="ნანა ბერიძე", mobile="599 12 34 56", street="ჭავჭავაძის გამზირი 12")
        near = self._client(name="გ. ბერიძე", mobile="599 12 34 56", street="ჭავჭავაძის  გამზირი 12")
        same_name = self._client(name="გიორგი  ბერიძე", street="ჭავჭავაძის გამზირი 12")
        Duplicate = self.env["telmico.client.duplicate"]
        Duplicate._cron_detect()
        pairs = {(d.partner_id | d.duplicate_partner_id, d.reason) for d in Duplicate.search([])}
        self.assertIn((self.giorgi | near, "phone"), pairs, "same phone and an initial for the first name")
        self.assertNotIn((self.giorgi | family, "phone"), pairs, "a family sharing a phone is no duplicate")
        self.assertIn((self.giorgi | same_name, "name_address"), pairs)
        # dismissed pairs stay dismissed; a second run adds nothing
        Duplicate.search([]).action_dismiss()
        self.assertEqual(Duplicate._cron_detect(), 0)
        self.assertFalse(Duplicate.search([("state", "=", "open")]))
