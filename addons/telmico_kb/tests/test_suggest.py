from odoo.tests import tagged

from .common import KbCase


@tagged("at_install")
class TestKbSuggest(KbCase):
    def test_best_script_for_a_complaint(self):
        """The request text chooses the script: an unhappy customer gets the conflict script first."""
        suggestions = self.Article.with_user(self.user)._kb_suggest(
            "კლიენტი ძალიან უკმაყოფილოა მომსახურებით, ყვირის და საჩივრის დაწერა უნდა"
        )
        self.assertEqual(suggestions[0][0], self.conflict)

    def test_suggestions_leave_out_old_drafts_and_news(self):
        suggestions = self.Article.with_user(self.editor)._kb_suggest("ტარიფები ახალი გადახდის მეთოდი")
        pages = [article for article, _score in suggestions]
        self.assertIn(self.tariff_current, pages)
        self.assertNotIn(self.tariff_previous, pages, "a tariff no longer valid is not an answer")
        self.assertNotIn(self.draft, pages)
        self.assertNotIn(self.news, pages)

    def test_ivr_choice_and_call_centre_api(self):
        """The call centre's screen pop: the caller's menu choice alone suggests its script."""
        data = self.Article.with_user(self.user).kb_suggest("", ivr_choice="9")
        self.assertEqual([item["id"] for item in data], [self.conflict.id])
        self.assertEqual(data[0]["answer"], "მესმის თქვენი უკმაყოფილება და ახლავე დავარეგისტრირებ თქვენს პრეტენზიას.")
        self.assertEqual(self.Article.with_user(self.user).kb_suggest("", ivr_choice="99"), [])
        with_text = self.Article.with_user(self.user).kb_suggest("ტარიფი რამდენია?", ivr_choice="9")
        self.assertEqual({item["id"] for item in with_text[:2]}, {self.conflict.id, self.tariff_current.id})
