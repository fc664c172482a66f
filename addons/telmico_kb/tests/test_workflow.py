from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KbCase


@tagged("at_install")
class TestKbWorkflow(KbCase):
    def test_review_then_publish_then_unpublish(self):
        page = self.Article.with_user(self.editor).create({"name": "მრიცხველის ჩვენება", "body": "<p>ტექსტი</p>"})
        self.assertEqual(page.state, "draft")
        page.action_submit_review()
        self.assertEqual(page.state, "review")
        self.assertNotIn(page, self.Article.with_user(self.user).search([]), "in review: not yet for agents")
        page.action_publish()
        self.assertEqual((page.state, page.published_uid), ("published", self.editor))
        self.assertTrue(page.date_published)
        self.assertIn(page, self.Article.with_user(self.user).search([]))
        with self.assertRaises(UserError):
            page.action_publish()
        page.action_back_to_draft()
        self.assertNotIn(page, self.Article.with_user(self.user).search([]))

    def test_empty_pages_are_not_published(self):
        page = self.Article.with_user(self.editor).create({"name": "ცარიელი"})
        with self.assertRaises(ValidationError):
            page.action_publish()
        with self.assertRaises(ValidationError):
            page.action_submit_review()

    def test_validity_dates(self):
        with self.assertRaises(ValidationError):
            self.Article.with_user(self.editor).create(
                {"name": "არასწორი", "date_from": date(2026, 5, 1), "date_to": date(2026, 4, 1)}
            )
        with freeze_time("2026-03-01"):
            self.assertEqual(self.tariff_current.validity, "current")
            self.assertEqual(self.tariff_previous.validity, "previous")
            Article = self.Article.with_user(self.user)
            self.assertIn(self.tariff_previous, Article.search([("validity", "=", "previous")]))
            self.assertNotIn(self.tariff_previous, Article.search([("validity", "!=", "previous")]))
            self.assertIn(self.conflict, Article.search([("validity", "=", "current")]), "no dates: always valid")
        with freeze_time("2025-06-01"):
            self.tariff_current.invalidate_recordset(["validity"])
            self.assertEqual(self.tariff_current.validity, "upcoming")

    def test_news_read_confirmation_per_agent(self):
        """Each agent confirms the news once; the unread counter of each agent follows their own reading."""
        Article = self.Article.with_user(self.user)
        self.assertEqual(Article.kb_home()["unread_count"], 1)
        self.assertIn(self.news, Article.search([("is_read", "=", False)]))
        self.news.with_user(self.user).action_confirm_read()
        self.news.with_user(self.user).action_confirm_read()  # twice: still one confirmation
        self.assertEqual(Article.kb_home()["unread_count"], 0)
        self.assertEqual(self.Article.with_user(self.user2).kb_home()["unread_count"], 1)
        self.assertEqual(self.news.with_user(self.editor).read_count, 1)
        self.assertEqual(self.news.with_user(self.editor).read_ids.user_id, self.user)

    def test_views_and_helpfulness(self):
        page = self.payment.with_user(self.user)
        data = page.kb_read()
        self.assertEqual(data["view_count"], 1)
        self.assertIn("ბარათით", data["body"])
        page.kb_read()
        self.assertEqual(page.kb_feedback(False, "არ წერია საკომისიო"), {"helpful_count": 0, "unhelpful_count": 1})
        self.payment.with_user(self.user2).kb_feedback(True)
        self.payment.invalidate_recordset()
        self.assertEqual((self.payment.view_count, self.payment.helpful_count, self.payment.unhelpful_count), (2, 1, 1))
        self.assertEqual(self.payment.write_uid, self.editor, "reading is not changing the page")
        self.assertEqual(self.payment.feedback_ids.filtered(lambda f: not f.helpful).comment, "არ წერია საკომისიო")
