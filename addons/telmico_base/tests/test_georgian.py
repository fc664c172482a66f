from odoo.addons.telmico_base.tools import georgian
from odoo.tests import BaseCase, tagged

# the national system of 2002, letter by letter, with the ASCII apostrophe on the ejectives
NATIONAL = {
    "ა": "a",
    "ბ": "b",
    "გ": "g",
    "დ": "d",
    "ე": "e",
    "ვ": "v",
    "ზ": "z",
    "თ": "t",
    "ი": "i",
    "კ": "k'",
    "ლ": "l",
    "მ": "m",
    "ნ": "n",
    "ო": "o",
    "პ": "p'",
    "ჟ": "zh",
    "რ": "r",
    "ს": "s",
    "ტ": "t'",
    "უ": "u",
    "ფ": "p",
    "ქ": "k",
    "ღ": "gh",
    "ყ": "q'",
    "შ": "sh",
    "ჩ": "ch",
    "ც": "ts",
    "ძ": "dz",
    "წ": "ts'",
    "ჭ": "ch'",
    "ხ": "kh",
    "ჯ": "j",
    "ჰ": "h",
}


@tagged("at_install")
class TestGeorgianTransliteration(BaseCase):
    def test_alphabet_has_33_letters(self):
        self.assertEqual(len(georgian.MKHEDRULI), 33)
        self.assertEqual("".join(NATIONAL), georgian.MKHEDRULI)

    def test_every_letter_national_system(self):
        """Each of the 33 letters: with the ASCII apostrophe on ejectives, and without it (passports)."""
        for letter, latin in NATIONAL.items():
            with self.subTest(letter=letter):
                self.assertEqual(georgian.to_latin(letter, apostrophe="'"), latin)
                self.assertEqual(georgian.to_latin(letter), latin.rstrip("'"))
        self.assertEqual(georgian.to_latin("ჭიანჭველა", apostrophe="’"), "ch’ianch’vela")

    def test_words_and_official_examples(self):
        self.assertEqual(georgian.to_latin("თბილისი"), "tbilisi")
        self.assertEqual(georgian.to_latin("მეღვინეთუხუცესი"), "meghvinetukhutsesi")
        self.assertEqual(georgian.to_latin("ბაყაყი", apostrophe="'"), "baq'aq'i")
        self.assertEqual(georgian.to_latin("მცხეთა"), "mtskheta")
        self.assertEqual(georgian.to_latin("ტარიფები"), "taripebi")

    def test_mtavruli_capitals(self):
        """Mtavruli (U+1C90 to U+1CBF) reads as its letter and gives Latin capitals; it is never produced by upper()."""
        for letter in georgian.MKHEDRULI:
            capital = chr(ord(letter) + georgian.MTAVRULI_OFFSET)
            with self.subTest(letter=letter):
                self.assertTrue(georgian.is_mtavruli(capital))
                self.assertEqual(georgian.to_mkhedruli(capital), letter)
                self.assertEqual(georgian.to_mtavruli(letter), capital)
                self.assertEqual(georgian.to_latin(capital + capital).lower(), georgian.to_latin(letter * 2))
                self.assertEqual(georgian.search_key(capital), georgian.search_key(letter))
        self.assertEqual(georgian.to_latin("ᲨᲔᲡᲕᲚᲐ"), "SHESVLA")
        self.assertEqual(georgian.to_latin("Შესვლა"), "Shesvla", "a capital before small letters is title case")
        self.assertEqual(georgian.to_latin("ᲢᲐᲠᲘᲤᲘ", apostrophe="'"), "T'ARIPI")
        self.assertEqual(georgian.upper_keep_georgian("iban ge29 ტარიფი"), "IBAN GE29 ტარიფი")

    def test_mixed_text_digits_and_punctuation(self):
        text = "ტარიფი 2026 წლიდან: 0.25 ლარი/კვტ.სთ (VAT-ით), Tbilisi!"
        self.assertEqual(
            georgian.to_latin(text, apostrophe="'"),
            "t'aripi 2026 ts'lidan: 0.25 lari/k'vt'.st (VAT-it), Tbilisi!",
        )
        self.assertEqual(georgian.to_latin("№ 5, «გადახდა» — 10%"), "№ 5, «gadakhda» — 10%")
        self.assertEqual(georgian.to_latin(""), "")
        self.assertEqual(georgian.to_latin(None), "")

    def test_latin_typed_georgian_candidates(self):
        """Ambiguous letters and digraphs give several spellings; the right one is among them."""
        self.assertIn("ტარიფები", georgian.latin_to_georgian("tarifebi"))
        self.assertIn("კონფლიქტი", georgian.latin_to_georgian("konflikti", limit=16))
        self.assertEqual(georgian.latin_to_georgian("shemosvla")[0], "შემოსვლა", "sh is შ first")
        self.assertEqual(georgian.latin_to_georgian("ghame")[0], "ღამე")
        self.assertEqual(georgian.latin_to_georgian("dzaghli")[0], "ძაღლი")
        self.assertEqual(georgian.latin_to_georgian("zhurnali")[0], "ჟურნალი")
        self.assertEqual(georgian.latin_to_georgian("kharichkhi")[0], "ხარიჩხი")
        self.assertIn("ჭიანჭველა", georgian.latin_to_georgian("chianchvela"))
        self.assertIn("წყალი", georgian.latin_to_georgian("tskali", limit=16))
        self.assertIn("ცეცხლი", georgian.latin_to_georgian("tsetskhli"))
        # the apostrophe of the national system picks the ejective
        self.assertEqual(georgian.latin_to_georgian("ts'q'ali")[0], "წყალი")
        self.assertEqual(georgian.latin_to_georgian("t'arip'i")[0], "ტარიპი")
        self.assertEqual(georgian.latin_to_georgian("ch'ianch'vela")[0], "ჭიანჭველა")
        # every candidate is a different spelling, at most ``limit`` of them, digits and spaces kept
        candidates = georgian.latin_to_georgian("tarifi 2026", limit=3)
        self.assertEqual(len(candidates), len(set(candidates)))
        self.assertLessEqual(len(candidates), 3)
        self.assertTrue(all(c.endswith(" 2026") for c in candidates))

    def test_keyboard_layout(self):
        """Text typed on a Latin layout while meaning the Georgian keyboard, both ways."""
        self.assertEqual(georgian.keyboard_to_georgian("abgdevzTiklmnopJrstufqRySCcZwWxjh"), georgian.MKHEDRULI)
        self.assertEqual(georgian.georgian_to_keyboard(georgian.MKHEDRULI), "abgdevzTiklmnopJrstufqRySCcZwWxjh")
        self.assertEqual(georgian.keyboard_to_georgian("wyali"), "წყალი")
        self.assertEqual(georgian.keyboard_to_georgian("Sesvla"), "შესვლა")
        self.assertEqual(georgian.keyboard_to_georgian("Tbilisi"), "თბილისი")
        self.assertEqual(georgian.keyboard_to_georgian("tarifebi 2026!"), "ტარიფები 2026!")
        self.assertEqual(georgian.keyboard_to_georgian("BANKI"), "ბანკი", "Caps Lock: other capitals as small keys")
        self.assertEqual(georgian.georgian_to_keyboard("ᲭᲘᲐᲜᲭᲕᲔᲚᲐ"), "WianWvela")

    def test_search_key_folds_every_spelling(self):
        """Georgian, Mtavruli, national, informal and keyboard spellings of a word share one key."""
        spellings = {
            "ტარიფები": ["tarifebi", "taripebi", "t'arip'ebi", "ᲢᲐᲠᲘᲤᲔᲑᲘ", "TARIFEBI"],
            "კონფლიქტი": ["konflikti", "k'onplikt'i", "konfliqti"],
            "წყალი": ["wyali", "tskali", "ts'q'ali", "tsyali"],
            "ხელშეკრულება": ["xelshekruleba", "khelshek'ruleba", "xelSekruleba"],
            "ჩემი": ["chemi", "Cemi"],
            "ღამე": ["ghame", "Rame"],
            "ძაღლი": ["dzaghli", "ZaRli"],
            "ჟურნალი": ["zhurnali", "Jurnali"],
        }
        for word, others in spellings.items():
            key = georgian.search_key(word)
            for other in others:
                with self.subTest(word=word, spelling=other):
                    self.assertIn(key, georgian.search_keys(other))
        self.assertEqual(georgian.search_key("0.25 ლარი, 2024-ში!"), "0 25 lari 2024 shi")
        self.assertEqual(georgian.search_key("  "), "")
        self.assertEqual(georgian.search_keys("Sesvla"), ["sesvla", "shesvla"])
        self.assertRegex(georgian.search_key(georgian.MKHEDRULI + " Ünïcode café"), r"^[a-z ]+$")
