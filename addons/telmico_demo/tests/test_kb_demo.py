from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestKbDemo(TransactionCase):
    def test_demo_knowledge_base(self):
        """The demo knowledge base answers the examples of the requirements: tariffs and conflict."""
        stats = self.env["telmico.demo"]._generate(size=150)
        self.assertGreaterEqual(stats["kb_pages"], 12)
        operator = self.env["res.users"].search([("login", "=", "operator")])
        Article = self.env["telmico.kb.article"].with_user(operator)
        results = Article.kb_search("ტარიფები", log=False)["results"]
        tariffs = [(r["name"], r["validity"]) for r in results if r["kind"] == "script"][:2]
        self.assertEqual(
            tariffs,
            [
                ("მიმდინარე ტარიფები საყოფაცხოვრებო აბონენტებისთვის", "current"),
                ("წინა ტარიფები (2024–2025 წლები)", "previous"),
            ],
        )
        conflict = Article.kb_search("კონფლიქტი", log=False)["results"][0]
        self.assertEqual(conflict["name"], "კონფლიქტური სიტუაციის მართვა და პრეტენზიის რეგისტრაცია")
        self.assertEqual(Article.kb_search("tarifebi", log=False)["results"][0]["name"], tariffs[0][0])
        portal = self.env["res.users"].search([("login", "=", "portal")])
        public = self.env["telmico.kb.article"].with_user(portal).search([])
        self.assertGreaterEqual(len(public), 6)
        self.assertNotIn("შიდა წესი: დავალიანების განვადების დამტკიცება", public.mapped("name"))
        self.assertEqual(Article.kb_home()["unread_count"], 2, "the operator has confirmed one of three news")
        editor = self.env["res.users"].search([("login", "=", "kb_editor")])
        self.assertTrue(editor.has_group("telmico_kb.group_kb_editor"))
        self.assertTrue(self.env["telmico.kb.search.log"].search_count([("failed", "=", True)]))
        # made once: a second pass adds nothing
        self.assertEqual(self.env["telmico.demo"]._generator()._generate_kb(), 0)
