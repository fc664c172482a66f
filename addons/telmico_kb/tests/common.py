from datetime import date

from odoo.tests import TransactionCase, new_test_user


class KbCase(TransactionCase):
    """Users of every role and a small knowledge base: tariff scripts (current and previous), the
    conflict script, a public payment FAQ, an internal procedure, a draft and a news item."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.user = new_test_user(cls.env, login="kb_agent", groups="telmico_kb.group_kb_user", name="ნინო ოპერატორი")
        cls.user2 = new_test_user(cls.env, login="kb_agent2", groups="telmico_kb.group_kb_user", name="ლაშა ოპერატორი")
        cls.editor = new_test_user(
            cls.env, login="kb_editor", groups="telmico_kb.group_kb_editor", name="თამარ რედაქტორი"
        )
        cls.kb_admin = new_test_user(cls.env, login="kb_admin", groups="telmico_kb.group_kb_manager")
        cls.employee = new_test_user(cls.env, login="kb_employee", groups="base.group_user")
        cls.portal = new_test_user(cls.env, login="kb_portal", groups="base.group_portal")
        cls.public = cls.env.ref("base.public_user")
        Category = cls.env["telmico.kb.category"]
        cls.cat_tariffs = Category.create({"name": "ტარიფები"})
        cls.cat_payments = Category.create({"name": "გადახდები"})
        cls.cat_service = Category.create({"name": "მომსახურების სტანდარტები"})
        cls.Article = cls.env["telmico.kb.article"]
        cls.tariff_current = cls._page(
            "მიმდინარე ტარიფები საყოფაცხოვრებო აბონენტებისთვის",
            kind="script",
            category_id=cls.cat_tariffs.id,
            keywords="ფასი, კილოვატსაათი",
            date_from=date(2026, 1, 1),
            summary="2026 წლის 1 იანვრიდან მოქმედი საყოფაცხოვრებო ტარიფები მოხმარების საფეხურების მიხედვით.",
            body="<p>101 კვტ.სთ-მდე მოხმარებისას ერთი კილოვატსაათი ღირს 19,8 თეთრი.</p>",
            answer="<p>დღეს მოქმედი ტარიფი 101 კვტ.სთ-მდე არის 19,8 თეთრი.</p>",
            public=True,
        )
        cls.tariff_previous = cls._page(
            "წინა ტარიფები (2024–2025)",
            kind="script",
            category_id=cls.cat_tariffs.id,
            date_from=date(2024, 1, 1),
            date_to=date(2025, 12, 31),
            summary="2025 წლის 31 დეკემბრამდე მოქმედი ტარიფები: გადაანგარიშებისა და ძველი ქვითრების ასახსნელად.",
            body="<p>101 კვტ.სთ-მდე მოხმარებისას ერთი კილოვატსაათი ღირდა 18,5 თეთრი.</p>",
        )
        cls.conflict = cls._page(
            "კონფლიქტური სიტუაციის მართვა",
            kind="script",
            category_id=cls.cat_service.id,
            keywords="საჩივარი, უკმაყოფილო კლიენტი",
            body="<p>მოუსმინეთ კლიენტს ბოლომდე. <b>პრეტენზიის რეგისტრაცია</b>: საჩივარი რეგისტრირდება 10 სამუშაო დღეში.</p>",
            answer="<p>მესმის თქვენი უკმაყოფილება და ახლავე დავარეგისტრირებ თქვენს პრეტენზიას.</p>",
            ivr_codes="9",
        )
        cls.payment = cls._page(
            "როგორ გადავიხადო ელექტროენერგიის საფასური",
            category_id=cls.cat_payments.id,
            keywords="გადახდა, ბანკი, აპარატი",
            body="<p>გადაიხადეთ ბანკის აპლიკაციით, სწრაფი გადახდის აპარატით ან ჩვენს ვებგვერდზე ბარათით.</p>",
            public=True,
        )
        cls.internal = cls._page(
            "შიდა წესი: ვალის ჩამოწერის დამტკიცება",
            category_id=cls.cat_payments.id,
            body="<p>ჩამოწერას ამტკიცებს ფინანსური დირექტორი; კლიენტს ამ წესს არ ვუყვებით.</p>",
        )
        cls.draft = cls.Article.with_user(cls.editor).create(
            {"name": "ახალი ტარიფები 2027 (პროექტი)", "kind": "script", "body": "<p>ჯერ არ არის დამტკიცებული.</p>"}
        )
        cls.news = cls._page(
            "ახალი გადახდის მეთოდი ვებგვერდზე",
            kind="news",
            important=True,
            body="<p>ვებგვერდზე დაემატა Apple Pay და Google Pay.</p>",
        )

    @classmethod
    def _page(cls, name, **values):
        """A page written by the editor and published."""
        page = cls.Article.with_user(cls.editor).create({"name": name, **values})
        page.action_publish()
        return page

    def search_names(self, query, user=None, **kwargs):
        """Titles of the search results, best first, as ``user`` (the agent by default) sees them."""
        data = self.Article.with_user(user or self.user).kb_search(query, log=False, **kwargs)
        return [result["name"] for result in data["results"]]
