from odoo.tests import tagged
from odoo.tools.misc import format_date, formatLang

from .common import GeorgianCase


@tagged("post_install", "-at_install")
class TestGeorgianFormats(GeorgianCase):
    def test_language_formats(self):
        self.assertEqual(self.lang.date_format, "%d.%m.%Y")
        self.assertEqual(self.lang.decimal_point, ",")
        self.assertEqual(self.lang.thousands_sep, "\N{NO-BREAK SPACE}")
        self.assertEqual(format_date(self.env_ka, "2025-03-08"), "08.03.2025")

    def test_lari(self):
        """One way to show lari: the sign ₾ after the amount, Georgian digits grouping."""
        gel = self.env.ref("base.GEL")
        self.assertEqual(gel.symbol, "₾")
        self.assertEqual(gel.position, "after")
        self.assertEqual(formatLang(self.env_ka, 470.35, currency_obj=gel), "470,35\N{NO-BREAK SPACE}₾")
        self.assertEqual(formatLang(self.env_ka, 1234567.8, currency_obj=gel), "1\xa0234\xa0567,80\N{NO-BREAK SPACE}₾")
