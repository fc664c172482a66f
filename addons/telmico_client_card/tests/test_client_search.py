import time
from datetime import UTC, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tools import SQL

from .common import GIORGI_SUBSCRIBER, ClientCardCase, link_client, mirror_subscribers


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

    def test_latin_typed_georgian(self):
        """Names and addresses typed in Latin letters: the national transliteration, informal spellings, and
        the Latin layout of a Georgian keyboard, on the same index."""
        smith = self._client(first_name="ლევან", last_name="მჭედლიშვილი", street="წერეთლის გამზირი 116")
        for text in ("mchedlishvili", "Mchedlishvili", "MCHEDLISHVILI", "mch'edlishvili", "mchedl", "levan mchedl"):
            self.assertEqual(self._find(text), smith, text)
        self.assertEqual(self._find("mWedliSvili"), smith, "typed on the Latin layout of a Georgian keyboard")
        self.assertEqual(self._find("beridze giorgi"), self.giorgi)
        self.assertEqual(self._find("pekinis 20"), self.other, "an address typed in Latin")
        self.assertEqual(self._find("tseretlis 116"), smith)
        self.assertEqual(self._find("chavchavadzis"), self.giorgi, "the subscriber's address")
        self.assertFalse(self._find("mchedlishvili giorgi"), "every word must match")
        found = self.env["res.partner"].with_user(self.user).name_search("mchedlishvili")
        self.assertEqual([pid for pid, _name in found], [smith.id], "the look-ups of every form")
        self.assertEqual(self._find("giorgi@example.ge"), self.giorgi, "Latin e-mails are read as they are")

    def test_many2one_lookup_uses_every_criterion(self):
        found = self.env["res.partner"].with_user(self.user).name_search("599 12 34 56")
        self.assertEqual([pid for pid, _name in found], [self.giorgi.id])
        found = self.env["res.partner"].with_user(self.user).name_search("1000000001")
        self.assertEqual([pid for pid, _name in found], [self.giorgi.id])

    def test_list_shows_subscriber_numbers(self):
        self.assertEqual(self._find("ბერიძე").subscriber_numbers, "1000000001")

    def test_search_uses_indexes(self):
        """Every branch of the search is served by an index of res_partner: no sequential scan, no sub-query."""
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'res_partner'")
        names = {row[0] for row in self.env.cr.fetchall()}
        core = {
            f"res_partner_{column}_trgm_idx" for column in ("complete_name", "email", "ref", "vat", "company_registry")
        }
        self.assertLessEqual(core | {"res_partner_search_tsv_idx", "res_partner_email_normalized_idx"}, names)
        self.assertLessEqual({"res_partner_mobile_partial_gin_idx", "res_partner_phone_partial_gin_idx"}, names)
        # what remains when walks and sequential scans are ruled out: the plans from the indexes
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_indexscan = off")
        for domain, indexes in (
            ([("client_search", "ilike", "ბერიძე")], ["res_partner_search_tsv_idx", "res_partner__search_text_index"]),
            ([("client_search", "ilike", "ჭავჭავაძის 12")], ["res_partner_search_prefix_idx"]),
            ([("client_search", "ilike", "გიორგი ბე")], ["res_partner_search_prefix_idx"]),
            ([("display_name", "ilike", "გიორგი ბე")], ["res_partner_search_prefix_idx"]),
            ([("display_name", "ilike", "ბერიძე")], ["res_partner_search_tsv_idx", "res_partner__search_text_index"]),
            ([("display_name", "ilike", "599 12 34 56")], ["res_partner_ref_trgm_idx", "res_partner_pkey"]),
            ([("display_name", "ilike", "giorgi@example.ge")], ["res_partner_email_normalized_idx"]),
        ):
            query = self.env["res.partner"]._search(domain)
            self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            for index in indexes:
                self.assertIn(index, plan, domain)
            self.assertNotIn("Seq Scan on res_partner", plan, domain)
            self.assertNotIn("SubPlan", plan.replace("SubPlan 1\n", ""), f"{domain}: no sub-query per row")

    def test_words_start_words_or_one_word_is_inside(self):
        """Each word starts a word of the card ("თამ ლომ"); a single word may be inside one ("ომიძე")."""
        other = self._client(first_name="ნინო", last_name="კვარაცხელია")
        self.assertEqual(self._find("ლომ"), self.other)
        self.assertEqual(self._find("ლომ თამ"), self.other, "in any order")
        self.assertEqual(self._find("ომიძე"), self.other)
        self.assertFalse(self._find("ომიძე თამ"), "a word inside another one and a second word: no")
        self.assertEqual(self._find("ნინო კვა"), other)
        self.assertEqual(self._find("ცხელია"), other)
        self.assertFalse(self._find("ლია შე"), "ლია is no word start of კვარაცხელია")
        Partner = self.env["res.partner"].with_user(self.user)
        self.assertEqual([pid for pid, _name in Partner.name_search("ომიძე")], [self.other.id])
        self.assertEqual([pid for pid, _name in Partner.name_search("თამ ლომ")], [self.other.id])

    def test_several_words_longer_than_the_indexed_starts(self):
        """Several words are found by the index of word starts (6 letters); longer words are still compared whole."""
        natia = self._client(first_name="ნათია", last_name="მჭედლიშვილი", street="ჯავახეთის ქუჩა 65")
        self.env.cr.execute("SELECT telmico_search_prefixes('ნათია მჭედლიშვილი 5')")
        self.assertEqual(
            sorted(self.env.cr.fetchone()[0]),
            sorted(["ნა", "ნათ", "ნათი", "ნათია", "მჭ", "მჭე", "მჭედ", "მჭედლ", "მჭედლი"]),
        )
        for text in ("ნათია მჭე", "მჭედლიშვილი ნათ", "ნათია მჭედლიშვილი", "ჯავახეთის 65", "natia mchedl"):
            self.assertEqual(self._find(text), natia, text)
        for text in ("ნათია მჭედლიძე", "ნათია მჭედლიშვილის", "ჯავახეთისა 65", "ნათია ჭედ"):
            self.assertFalse(self._find(text), text)

    def test_lookup_lists_the_newest_matches_by_name(self):
        """Beyond the limit, a look-up lists the newest matching contacts, shown in name order."""
        Partner = self.env["res.partner"]
        older, newer, newest = (self._client(name=name) for name in ("ბ ლაშაური", "ა ლაშაური", "გ ლაშაური"))
        found = Partner.with_user(self.user).name_search("ლაშაური", limit=2)
        self.assertEqual([pid for pid, _name in found], [newer.id, newest.id])
        self.assertEqual(len(Partner.name_search("ლაშაური")), 3)
        self.assertNotIn(older.id, [pid for pid, _name in found])

    # ----------------------------------------------------------- scope and bounds

    def test_core_lookup_by_reference_and_tax_id_kept(self):
        """Odoo's own look-up (reference, tax ID, company ID) still works in every many2one, Invoicing included."""
        vendor = self.env["res.partner"].create(
            {"name": "Caucasus Cables", "is_company": True, "ref": "SUP-0042", "vat": "GE205001234"}
        )
        Partner = self.env["res.partner"].with_user(self.user)
        for text in ("SUP-0042", "sup-00", "GE205001234", "205001234"):
            self.assertIn(vendor.id, [pid for pid, _name in Partner.name_search(text)], text)
        self.assertEqual(Partner.search([("id", "=", vendor.id), ("display_name", "ilike", "SUP-0042")]), vendor)
        case = self.env["telmico.debt.case"].create({"name": "წს-9", "partner_id": vendor.id})
        self.assertEqual(self.env["telmico.debt.case"].search([("partner_id", "ilike", "GE2050")]), case)
        # and ours beside it: the client by his subscriber's meter
        self.assertIn(self.giorgi.id, [pid for pid, _name in Partner.name_search("77001234")])

    def test_subscriber_address_change_reaches_the_search(self):
        """The billing sync writes subscribers in SQL: their clients are found by the new address at once."""
        self.assertEqual(self._find("ჭავჭავაძის"), self.giorgi)
        mirror_subscribers(
            self.env,
            (
                0,
                {
                    **GIORGI_SUBSCRIBER,
                    "address": {**GIORGI_SUBSCRIBER["address"], "street": "ყაზბეგის გამზირი", "building": "30"},
                    "meters": ["77009999"],
                    "updated_at": (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                },
            ),
        )
        self.assertEqual(self._find("ყაზბეგის 30"), self.giorgi)
        self.assertEqual(self._find("77009999"), self.giorgi)
        self.assertFalse(self._find("77001234"), "the old meter is gone")

    def test_like_metacharacters_are_plain_characters(self):
        """A backslash, % or _ typed in the box is a plain character (a word separator), never a server error."""
        Partner = self.env["res.partner"].with_user(self.user)
        for text in ("\\", "\\\\ %", "%", "_", "100%", "ბერ%ძე", "'", "ჟ:ჰ", "!&|", "ჟ\\:*"):
            Partner.name_search(text)
            self.assertFalse(self._find(text), text)
        self.assertEqual(self._find("ბერიძე\\"), self.giorgi)
        odd = self._client(name="ნინო 100%_\\ ლომიძე", email="nino_100%@example.ge")
        for text in ("100%", "100%_\\ ლომ", "ნინო\\ 100", "nino_100%@example.ge", "nino_100%@"):
            self.assertEqual(self._find(text), odd, text)
        self.assertFalse(self._find("nino_10%@"), "in an e-mail, % and _ are no wildcards")

    def test_oversized_search_is_refused_without_work(self):
        """A 100 000-character or 1 000-word search costs no query: it is refused with the limits."""
        Partner = self.env["res.partner"].with_user(self.user)
        Subscriber = self.env["telmico.subscriber"].with_user(self.user)
        thousand_words = " ".join(["ბერიძე"] * 1000)
        huge = "ა" * 100_000
        Partner.name_search("ბერიძე"), Subscriber.name_search("1000"), self._find("ბერიძე")  # access rights cached
        self.env["telmico.debt.case"].with_user(self.user).search_count([("partner_id", "ilike", "ბერიძე")])
        DebtCase = self.env["telmico.debt.case"].with_user(self.user)
        searches = (
            Partner.name_search,
            lambda text: Partner.search([("client_search", "ilike", text)]),
            lambda text: DebtCase.search_count([("partner_id", "ilike", text)]),
            lambda text: Partner.search_count([("display_name", "not ilike", text)]),
            Subscriber.name_search,
        )
        for text in (thousand_words, huge, " ".join(["599"] * 30_000), "ა " * 50_000):
            start = time.monotonic()
            with self.assertQueryCount(0):
                for search in searches:
                    with self.assertRaisesRegex(UserError, "at most 10 words and 120 characters"):
                        search(text)
            self.assertLess(time.monotonic() - start, 2, "bounded, whatever the size")

    def test_number_lookup_is_one_query(self):
        """A number is one query (1 M clients benchmark: each round trip of a look-up counts): the phone, the
        subscriber and meter look-ups and core's look-up are branches of it, and the country is not read from the
        database; the other query reads the companies of the record rule."""
        Partner = self.env["res.partner"].with_user(self.user)
        Partner.search([("client_search", "ilike", "599 12 34 56")])  # access rights and rules cached
        for text, found in (
            ("599 12 34 56", self.giorgi),  # a phone
            ("01024053111", self.giorgi),  # a personal number
            ("1000000001", self.giorgi),  # a subscriber number
            ("77001234", self.giorgi),  # a meter number
        ):
            self.env.invalidate_all()
            with self.assertQueryCount(2):
                self.assertEqual(Partner.search([("client_search", "ilike", text)]), found, text)
            self.env.invalidate_all()
            with self.assertQueryCount(3):  # the look-up (core's fields too) with the names, then what they show
                self.assertEqual([pid for pid, _name in Partner.name_search(text, limit=8)], found.ids, text)

    def test_meters_only_without_a_subscriber_of_that_number(self):
        """Digits that number a subscriber find its clients, not the clients of the meters containing them."""
        tenant = self._client(first_name="ნინო", last_name="ლომიძე")
        link_client(self.env, tenant, self.sub2)
        updated_at = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        mirror_subscribers(self.env, (1, {"meters": ["99910000000012"], "updated_at": updated_at}))
        self.assertEqual(self._find("1000000001"), self.giorgi)
        self.assertEqual(self._find("9991000000"), tenant)

    def test_search_at_the_limits_is_one_query(self):
        """Ten words of 120 characters in all: one query, whatever the words (and the JIT switched off for it)."""
        text = " ".join(["გიორგი", "ბერიძე", "ჭავჭავაძის", "გამზირი", "12", "ბ.", "45", "თბილისი", "ვაკე", "0179"])
        self.assertLessEqual(len(text), 120)
        Partner = self.env["res.partner"].with_user(self.user)
        Partner.search([("client_search", "ilike", text)])  # warm the caches
        with self.assertQueryCount(2):
            Partner.search([("client_search", "ilike", text)])
        with self.assertQueryCount(2):  # the search, with the names
            Partner.name_search(text, limit=8)

    def test_words_search_not_jit_compiled(self):
        """PostgreSQL's JIT made a search of words with thousands of matches 3-4 times slower at 1 M clients: it is
        switched off for the transaction of a search of words, not for a number's look-up."""
        Partner = self.env["res.partner"].with_user(self.user)

        def jit():
            self.env.cr.execute("SHOW jit")
            return self.env.cr.fetchone()[0]

        self.env.cr.execute("SET LOCAL jit = on")
        Partner.search([("client_search", "ilike", "599 12 34 56")])
        self.assertEqual(jit(), "on", "a number is a look-up: left as it is")
        Partner.name_search("გიორგი ბე", limit=8)
        self.assertEqual(jit(), "off")
