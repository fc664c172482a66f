from odoo.tools import SQL

from .common import ClientCardCase


class TestClientSearch(ClientCardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.giorgi = cls._client(
            first_name="გიორგი", last_name="ბერიძე", email="giorgi@example.ge", mobile="599 12 34 56"
        )
        cls.env["telmico.subscriber.link"].create(
            {"partner_id": cls.giorgi.id, "subscriber_id": cls.sub1.id, "role_id": cls.role_owner.id}
        )
        cls.company = cls._client(
            name='შპს "მზიური"',
            is_company=True,
            company_registry="404123456",
            phone="032 2 33 44 55",
            street="რუსთაველის გამზირი 7",
        )
        cls.other = cls._client(
            first_name="თამარ", last_name="ლომიძე", mobile="577 65 43 21", street="პეკინის გამზირი 20", street2="ბ. 3"
        )

    def _find(self, text):
        return self.env["res.partner"].with_user(self.user).search([("client_search", "ilike", text)])

    def test_by_name_and_surname(self):
        self.assertEqual(self._find("ბერიძე"), self.giorgi)
        self.assertEqual(self._find("გიორგი ბერიძე"), self.giorgi)
        self.assertEqual(self._find("მზიური"), self.company)
        self.assertFalse(self._find("გიორგი ლომიძე"), "every word must match")

    def test_by_mobile_in_any_format(self):
        for text in ("599123456", "599 12 34 56", "+995 599 12 34 56", "+995599123456", "(599) 12-34-56"):
            self.assertEqual(self._find(text), self.giorgi, text)

    def test_by_landline(self):
        self.assertEqual(self._find("0322 33 44 55"), self.company)
        self.assertEqual(self._find("+995 322 334455"), self.company)

    def test_by_identifiers(self):
        self.assertEqual(self._find("01024053111"), self.giorgi, "personal number copied from the owned subscriber")
        self.assertEqual(self._find("404123456"), self.company)

    def test_by_subscriber_and_meter_number(self):
        self.assertEqual(self._find("1000000001"), self.giorgi)
        self.assertEqual(self._find("77001234"), self.giorgi)

    def test_by_email(self):
        self.assertEqual(self._find("giorgi@example.ge"), self.giorgi)
        self.assertEqual(self._find("GIORGI@example.ge"), self.giorgi)

    def test_by_address(self):
        self.assertEqual(self._find("პეკინის 20"), self.other)
        self.assertEqual(self._find("რუსთაველის"), self.company)
        # the subscriber's address finds its clients even when the card has another address
        self.giorgi.street = "სხვა ქუჩა 1"
        self.assertEqual(self._find("ჭავჭავაძის"), self.giorgi)

    def test_many2one_lookup_uses_every_criterion(self):
        found = self.env["res.partner"].with_user(self.user).name_search("599 12 34 56")
        self.assertEqual([pid for pid, _name in found], [self.giorgi.id])
        found = self.env["res.partner"].with_user(self.user).name_search("1000000001")
        self.assertEqual([pid for pid, _name in found], [self.giorgi.id])

    def test_list_shows_subscriber_numbers(self):
        self.assertEqual(self._find("ბერიძე").subscriber_numbers, "1000000001")

    def test_search_uses_trigram_indexes(self):
        """The name and address branches are served by GIN trigram indexes, not sequential scans."""
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef ILIKE '%%gin_trgm_ops%%'"
        )
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertLessEqual(
            {"res_partner_complete_name_trgm_idx", "res_partner_street_trgm_idx", "res_partner_email_trgm_idx"}, names
        )
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'res_partner_email_normalized_idx'")
        self.assertTrue(self.env.cr.fetchone())
        query = self.env["res.partner"]._search([("client_search", "ilike", "ბერიძე")])
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("res_partner_complete_name_trgm_idx", plan)
        self.assertNotIn("Seq Scan on res_partner", plan)
