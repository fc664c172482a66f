from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KbCase


@tagged("at_install")
class TestKbSecurity(KbCase):
    def test_roles_chain(self):
        """Administrator ⊃ editor ⊃ user; a user is not an editor."""
        self.assertTrue(self.kb_admin.has_group("telmico_kb.group_kb_editor"))
        self.assertTrue(self.editor.has_group("telmico_kb.group_kb_user"))
        self.assertFalse(self.user.has_group("telmico_kb.group_kb_editor"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("telmico_kb.group_kb_manager"))

    def test_user_reads_published_pages_only(self):
        Article = self.Article.with_user(self.user)
        visible = Article.search([])
        self.assertIn(self.internal, visible, "internal published pages are for agents")
        self.assertNotIn(self.draft, visible)
        with self.assertRaises(AccessError):
            self.draft.with_user(self.user).read(["name"])
        self.draft.action_publish()
        self.assertIn(self.draft, Article.search([]))

    def test_only_editors_write(self):
        with self.assertRaises(AccessError):
            self.Article.with_user(self.user).create({"name": "ჩემი გვერდი"})
        with self.assertRaises(AccessError):
            self.tariff_current.with_user(self.user).write({"name": "შეცვლილი"})
        with self.assertRaises(AccessError):
            self.draft.with_user(self.user).action_publish()
        page = self.Article.with_user(self.editor).create({"name": "რედაქტორის გვერდი", "body": "<p>ტექსტი</p>"})
        page.write({"keywords": "ტესტი"})
        with self.assertRaises(AccessError):
            page.unlink()
        page.with_user(self.kb_admin).unlink()
        with self.assertRaises(AccessError):
            self.env["telmico.kb.synonym"].with_user(self.user).create({"name": "ა, ბ"})

    def test_staff_without_the_role_see_nothing(self):
        with self.assertRaises(AccessError):
            self.Article.with_user(self.employee).search([])

    def test_customers_see_public_published_pages_only(self):
        """Portal users and anonymous visitors: public published pages, never internal ones or drafts."""
        self.draft.write({"public": True})
        for who in (self.portal, self.public):
            with self.subTest(user=who.login):
                Article = self.Article.with_user(who)
                self.assertEqual(set(Article.search([])), {self.tariff_current, self.payment})
                with self.assertRaises(AccessError):
                    self.internal.with_user(who).read(["name"])
                with self.assertRaises(AccessError):
                    self.draft.with_user(who).read(["name"])
                names = [r["name"] for r in Article.kb_search("ვალის ჩამოწერა", log=False)["results"]]
                self.assertNotIn(self.internal.name, names)
                with self.assertRaises(AccessError):
                    self.tariff_current.with_user(who).write({"name": "x"})

    def test_history_feedback_and_searches_are_for_editors(self):
        self.tariff_current.with_user(self.user).kb_feedback(True)
        self.Article.with_user(self.user).kb_search("ტარიფები")
        for model in ("telmico.kb.article.version", "telmico.kb.search.log"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user).search([])
            self.assertTrue(self.env[model].with_user(self.editor).search([]))
        self.assertEqual(len(self.env["telmico.kb.feedback"].with_user(self.user2).search([])), 0)
        self.assertEqual(len(self.env["telmico.kb.feedback"].with_user(self.editor).search([])), 1)

    def test_read_confirmations_are_personal(self):
        self.news.with_user(self.user).action_confirm_read()
        self.news.with_user(self.user2).action_confirm_read()
        Read = self.env["telmico.kb.news.read"]
        self.assertEqual(Read.with_user(self.user).search([]).user_id, self.user)
        self.assertEqual(len(Read.with_user(self.editor).search([])), 2)
        with self.assertRaises(AccessError):
            Read.with_user(self.user).create({"article_id": self.news.id, "user_id": self.editor.id})
