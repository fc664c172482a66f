from odoo.tests import TransactionCase


class TestEnvironment(TransactionCase):
    def test_trigrams_of_georgian_text(self):
        """pg_trgm must see Georgian letters (needs a UTF-8 LC_CTYPE), or trigram indexes are useless."""
        self.env.cr.execute("SELECT show_trgm(%s)", ["გიორგი"])
        trigrams = self.env.cr.fetchone()[0]
        self.assertTrue(trigrams, "pg_trgm extracts no trigrams from Georgian text: the database LC_CTYPE is not UTF-8")
        self.assertEqual(len(trigrams), 7)  # "  გ", " გი", "გიო", "იორ", "ორგ", "რგი", "გი "
        self.env.cr.execute("SELECT similarity(%s, %s)", ["გიორგი ბერიძე", "გიორგი ბერიძემ"])
        self.assertGreater(self.env.cr.fetchone()[0], 0.5)
