from markupsafe import Markup

from odoo.tests import tagged

from .common import KbCase


@tagged("at_install")
class TestKbSearch(KbCase):
    def test_tariffs_in_georgian_show_current_and_previous(self):
        """Typing "ტარიფები" shows the current tariff script first, then the previous one; drafts stay hidden."""
        names = self.search_names("ტარიფები")
        self.assertEqual(names[:2], [self.tariff_current.name, self.tariff_previous.name])
        self.assertNotIn(self.draft.name, names)
        data = self.Article.with_user(self.user).kb_search("ტარიფები", log=False)
        validity = {result["name"]: result["validity"] for result in data["results"]}
        self.assertEqual(validity[self.tariff_current.name], "current")
        self.assertEqual(validity[self.tariff_previous.name], "previous")

    def test_conflict_shows_the_conflict_script(self):
        self.assertEqual(self.search_names("კონფლიქტი")[0], self.conflict.name)

    def test_latin_typed_georgian(self):
        """Latin-typed Georgian (national, informal and keyboard-layout spellings) finds the same pages."""
        for query in ("tarifebi", "taripebi", "t'arip'ebi", "TARIFEBI", "ᲢᲐᲠᲘᲤᲔᲑᲘ"):
            with self.subTest(query=query):
                self.assertEqual(self.search_names(query)[:2], [self.tariff_current.name, self.tariff_previous.name])
        for query in ("konflikti", "konfliqti", "k'onplikt'i"):
            with self.subTest(query=query):
                self.assertEqual(self.search_names(query)[0], self.conflict.name)
        # typed on the Latin layout meaning the Georgian keyboard (S = შ, C = ჩ)
        self.assertIn(self.internal.name, self.search_names("Camoweris"))

    def test_partial_words_and_case_endings(self):
        for query in ("ტარიფ", "ტარიფებს", "ტარიფების", "ტარიფზე", "tarif"):
            with self.subTest(query=query):
                self.assertIn(self.tariff_current.name, self.search_names(query))
        self.assertIn(self.payment.name, self.search_names("როგორ გადავიხადო?"), "a question in plain words")

    def test_typos_are_corrected(self):
        """A word no page starts with is replaced by the closest known words."""
        data = self.Article.with_user(self.user).kb_search("ტარფები", log=False)
        self.assertIn(self.tariff_current.name, [r["name"] for r in data["results"]])
        self.assertTrue(data["corrections"])
        self.assertEqual(self.search_names("კონფლიკი")[0], self.conflict.name)

    def test_synonyms_maintained_by_editors(self):
        self.assertNotIn(self.internal.name, self.search_names("დავალიანება"))
        self.env["telmico.kb.synonym"].with_user(self.editor).create({"name": "ვალი, დავალიანება, debt"})
        self.assertIn(self.internal.name, self.search_names("დავალიანება"))
        self.assertIn(self.internal.name, self.search_names("debt"))

    def test_ranking_title_before_keywords_before_body(self):
        body = "<p>%s</p>" % " ".join(["მრიცხველი ამოწმებს მოხმარებას."] * 6)
        in_body = self._page("გეგმიური შემოწმება", body=body)
        in_keywords = self._page("ჩვენების აღება", keywords="მრიცხველი, ჩვენება", body="<p>ყოველთვიურად.</p>")
        in_title = self._page("მრიცხველი არ მუშაობს", body="<p>გამოიძახეთ ტექნიკოსი.</p>")
        names = self.search_names("მრიცხველი")
        self.assertEqual(names[:3], [in_title.name, in_keywords.name, in_body.name])

    def test_snippets_are_highlighted_and_escaped(self):
        self._page("ფორმულა", body="<p>გაანგარიშება: 5 &lt; 7 &amp; &lt;b&gt;ტარიფი&lt;/b&gt; ყოველ თვე.</p>")
        data = self.Article.with_user(self.user).kb_search("ტარიფი ფორმულა", log=False)
        result = next(r for r in data["results"] if r["name"] == "ფორმულა")
        self.assertIsInstance(result["snippet"], Markup)
        self.assertIn("5 &lt; 7 &amp; &lt;b&gt;<mark>ტარიფი</mark>&lt;/b&gt;", result["snippet"])
        self.assertEqual(result["title"], Markup("<mark>ფორმულა</mark>"))
        current = self.Article.with_user(self.user).kb_search("tarifebi", log=False)["results"][0]
        self.assertIn("<mark>ტარიფები</mark>", current["title"], "Latin query, Georgian words marked")

    def test_kind_filter_and_news(self):
        self.assertEqual(self.search_names("გადახდის მეთოდი", kind="news"), [self.news.name])
        self.assertNotIn(self.news.name, self.search_names("გადახდის მეთოდი", kind="script"))

    def test_failed_searches_are_listed_for_editors(self):
        """Searching as you type makes one entry; a search that found nothing is listed as failed."""
        Article = self.Article.with_user(self.user)
        for typed in ("ზღ", "ზღარ", "ზღარბის ფერი"):
            Article.kb_search(typed)
        logs = self.env["telmico.kb.search.log"].with_user(self.editor).search([("user_id", "=", self.user.id)])
        self.assertEqual(logs.mapped("query"), ["ზღარბის ფერი"])
        self.assertTrue(logs.failed)
        Article.kb_search("ტარიფები")
        failed = self.env["telmico.kb.search.log"].with_user(self.editor).search([("failed", "=", True)])
        self.assertEqual(failed.mapped("query"), ["ზღარბის ფერი"])

    def test_empty_and_stop_word_queries(self):
        self.assertEqual(self.search_names("  "), [])
        self.assertEqual(self.search_names("?!"), [])
        self.assertIn(self.payment.name, self.search_names("როგორ"), "a query of stop words only still searches")
