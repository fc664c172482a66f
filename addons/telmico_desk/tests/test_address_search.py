from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import DeskCase, tbilisi_address


class TestAddressSearch(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vake_12_5, cls.vake_12_7, cls.vake_14, cls.saburtalo = mirror_subscribers(
            cls.env,
            (10, {"number": "3000000001", **tbilisi_address("ვაკე", "ჭავჭავაძის გამზირი", "12", "5")}),
            (11, {"number": "3000000002", **tbilisi_address("ვაკე", "ჭავჭავაძის გამზირი", "12", "7")}),
            (12, {"number": "3000000003", **tbilisi_address("ვაკე", "აბაშიძის ქუჩა", "14")}),
            (13, {"number": "3000000004", **tbilisi_address("საბურთალო", "ვაჟა-ფშაველას გამზირი", "3", "5")}),
        )
        Partner = cls.env["res.partner"]
        cls.tenant = Partner.create({"first_name": "ნანა", "last_name": "კაპანაძე", "mobile": "599 22 33 44"})
        cls.owner = Partner.create({"first_name": "დავით", "last_name": "ლომიძე", "mobile": "599 55 66 77"})
        link_client(cls.env, cls.tenant, cls.vake_12_5, role="tenant")
        link_client(cls.env, cls.owner, cls.vake_12_5)
        link_client(cls.env, cls.owner, cls.vake_12_7)

    def values(self, level, term="", **picked):
        return self.env["telmico.subscriber"].with_user(self.agent).address_values(level, picked, term)

    def test_pickers_narrow_each_other(self):
        districts = self.values("district")
        self.assertLessEqual({"ვაკე", "საბურთალო"}, set(districts))
        self.assertEqual(districts, sorted(districts), "in order")
        self.assertEqual(self.values("street", district="ვაკე"), ["აბაშიძის ქუჩა", "ჭავჭავაძის გამზირი"])
        self.assertEqual(self.values("street", "ჭავ", district="ვაკე"), ["ჭავჭავაძის გამზირი"], "typed part")
        self.assertEqual(self.values("building", district="ვაკე", street="ჭავჭავაძის გამზირი"), ["12"])
        self.assertEqual(
            self.values("apartment", district="ვაკე", street="ჭავჭავაძის გამზირი", building="12"), ["5", "7"]
        )
        self.assertEqual(self.values("district", street="ჭავჭავაძის გამზირი", apartment="5"), ["ვაკე"])
        self.assertEqual(self.values("district", street="ვაჟა-ფშაველას გამზირი"), ["საბურთალო"], "lower levels too")
        self.assertEqual(self.values("building", district="ვაკე"), [], "a building needs its street")
        self.assertEqual(self.values("apartment", street="ჭავჭავაძის გამზირი"), [], "an apartment its building")
        with self.assertRaisesRegex(UserError, "Unknown address level"):
            self.values("city")

    def test_a_customer_sees_only_their_addresses(self):
        portal = self.env["res.users"].create(
            {
                "login": "desk_address_portal",
                "partner_id": self.tenant.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        Subscriber = self.env["telmico.subscriber"].with_user(portal)
        self.assertEqual(Subscriber.address_values("district"), ["ვაკე"])
        picked = {"district": "ვაკე", "street": "ჭავჭავაძის გამზირი", "building": "12"}
        self.assertEqual(Subscriber.address_values("apartment", picked), ["5"], "not the neighbour's")

    def test_registration_finds_the_clients_at_the_address(self):
        with Form(self.env["telmico.request"].with_user(self.agent)) as form:
            form.address_district = "ვაკე"
            self.assertEqual(self._matches(form), set(), "a whole district is not listed")
            form.address_street = "ჭავჭავაძის გამზირი"
            form.address_building = "12"
            self.assertEqual(self._matches(form), {self.owner, self.tenant}, "the clients of the building")
            self.assertFalse(form.partner_id)
            form.address_apartment = "7"
            self.assertEqual(self._matches(form), {self.owner})
            self.assertEqual(form.partner_id, self.owner, "the one client is chosen")
            self.assertEqual(
                [form.subscriber_ids[i] for i in range(len(form.subscriber_ids))],
                [self.vake_12_7],
                "with the subscriber at the address",
            )
            form.address_district = "საბურთალო"
            self.assertEqual(
                (form.address_street, form.address_building, form.address_apartment),
                (False, False, False),
                "a district without that street: the levels below are cleared",
            )
            form.address_street = "ვაჟა-ფშაველას გამზირი"
            self.assertEqual(self._matches(form), set(), "nobody linked there")
            form.subject = "მისამართით ძიება"

    def _matches(self, form):
        partners = set()
        for index in range(len(form.client_match_ids)):
            with form.client_match_ids.edit(index) as line:
                partners.add(line.partner_id)
        return partners
