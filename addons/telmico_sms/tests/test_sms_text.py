from odoo.tests import TransactionCase, tagged

from ..tools.gateway_api import retry_delay, throttle_wait
from ..tools.numbers import gateway_number
from ..tools.sms_text import segments, sms_latin

ALPHABET = "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"
NATIONAL = [
    "a",
    "b",
    "g",
    "d",
    "e",
    "v",
    "z",
    "t",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "zh",
    "r",
    "s",
    "t",
    "u",
    "p",
    "k",
    "gh",
    "q",
    "sh",
    "ch",
    "ts",
    "dz",
    "ts",
    "ch",
    "kh",
    "j",
    "h",
]
EJECTIVES = {"კ": "k'", "პ": "p'", "ტ": "t'", "ყ": "q'", "წ": "ts'", "ჭ": "ch'"}


@tagged("post_install", "-at_install", "telmico_sms")
class TestSmsText(TransactionCase):
    def test_all_33_letters(self):
        self.assertEqual(len(ALPHABET), 33)
        for letter, latin in zip(ALPHABET, NATIONAL, strict=True):
            with self.subTest(letter=letter):
                self.assertEqual(sms_latin(letter), latin)
                self.assertEqual(sms_latin(letter, apostrophe="'"), EJECTIVES.get(letter, latin))

    def test_mtavruli_capitals(self):
        self.assertEqual(sms_latin("ᲨᲔᲡᲕᲚᲐ"), "SHESVLA")
        self.assertEqual(sms_latin("Შესვლა"), "Shesvla")
        mtavruli = "".join(chr(ord(letter) + 0x1C90 - 0x10D0) for letter in ALPHABET)
        self.assertEqual(sms_latin(mtavruli).lower(), "".join(NATIONAL))

    def test_mixed_text_digits_punctuation(self):
        text = "Telmico: თქვენი დავალიანებაა 125.50 ₾ — გადაიხადეთ 05.12-მდე „ტელმიკო“ #7!"
        latin = sms_latin(text)
        self.assertEqual(latin, 'Telmico: tkveni davalianebaa 125.50 GEL - gadaikhadet 05.12-mde "telmiko" #7!')
        self.assertEqual(segments(latin).encoding, "gsm7")
        self.assertEqual(sms_latin("წყალი", apostrophe="'"), "ts'q'ali")

    def test_segment_boundaries(self):
        cases = [
            ("", "gsm7", 0),
            ("a" * 160, "gsm7", 1),
            ("a" * 161, "gsm7", 2),
            ("a" * 306, "gsm7", 2),
            ("a" * 307, "gsm7", 3),
            ("ა" * 70, "ucs2", 1),
            ("ა" * 71, "ucs2", 2),
            ("ა" * 134, "ucs2", 2),
            ("ა" * 135, "ucs2", 3),
        ]
        for text, encoding, count in cases:
            with self.subTest(length=len(text), encoding=encoding):
                self.assertEqual(segments(text)[::2], (encoding, count))

    def test_extension_characters_count_two(self):
        self.assertEqual(segments("€" * 80), ("gsm7", 160, 1))
        self.assertEqual(segments("a" * 159 + "€").count, 2)
        # 152 units then a 2-unit character: it does not straddle the segments
        self.assertEqual(segments("a" * 152 + "[" + "a" * 152).count, 3)
        self.assertEqual(segments("a" * 151 + "[" + "a" * 153).count, 2)
        # one Georgian letter makes the whole text UCS-2
        self.assertEqual(segments("a" * 69 + "ა"), ("ucs2", 70, 1))

    def test_gateway_numbers(self):
        self.assertEqual(gateway_number("+995 599 12 34 56"), "995599123456")
        self.assertEqual(gateway_number("599123456"), "995599123456")
        self.assertEqual(gateway_number("995599123456"), "995599123456")
        self.assertIsNone(gateway_number(" "))
        self.assertFalse(gateway_number("12345"))
        self.assertFalse(gateway_number("+44 20 7946 0958"))

    def test_throttle_and_back_off(self):
        self.assertEqual(throttle_wait(10, 0.5, 10), 0.5)
        self.assertEqual(throttle_wait(10, 2, 10), 0)
        self.assertEqual(throttle_wait(1000, 0, 0), 0)
        self.assertEqual([retry_delay(n, base=60) for n in (1, 2, 3, 7, 10)], [60, 120, 240, 3600, 3600])
