from odoo.addons.telmico_desk.tests.common import DeskCase


class KbDeskCase(DeskCase):
    """The Desk's agents and client (``DeskCase``) with a small knowledge base: a tariff script written
    for the tariff consultation service, the conflict script, a payment page and a news item."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Article = cls.env["telmico.kb.article"].with_context(tracking_disable=True)
        cls.tariff = Article.create(
            {
                "name": "მიმდინარე ტარიფები",
                "kind": "script",
                "summary": "მოქმედი საყოფაცხოვრებო ტარიფები.",
                "body": "<p>101 კვტ.სთ-მდე — 19,8 თეთრი.</p>",
                "answer": "<p>დღეს მოქმედი ტარიფი 101 კვტ.სთ-მდე არის 19,8 თეთრი.</p>",
                "service_template_ids": [(6, 0, cls.tpl_consult.ids)],
                "public": True,
            }
        )
        cls.conflict = Article.create(
            {
                "name": "კონფლიქტური სიტუაციის მართვა",
                "kind": "script",
                "keywords": "საჩივარი, უკმაყოფილო",
                "body": "<p>მოუსმინეთ ბოლომდე და დაარეგისტრირეთ პრეტენზია.</p>",
                "answer": "<p>მესმის თქვენი უკმაყოფილება, ახლავე დავარეგისტრირებ პრეტენზიას.</p>",
            }
        )
        cls.payment = Article.create(
            {
                "name": "როგორ გადავიხადო",
                "keywords": "გადახდა, ბანკი",
                "body": "<p>გადაიხადეთ ბანკის აპლიკაციით ან სწრაფი გადახდის აპარატით.</p>",
                "public": True,
            }
        )
        cls.news = Article.create(
            {"name": "ახალი გადახდის მეთოდი", "kind": "news", "important": True, "body": "<p>Apple Pay.</p>"}
        )
        (cls.tariff | cls.conflict | cls.payment | cls.news).action_publish()
