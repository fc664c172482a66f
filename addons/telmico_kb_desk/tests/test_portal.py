from odoo import http
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKbBeforeANewRequest(HttpCase):
    """The customer searches the help pages before writing a request; the search is measured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True, tracking_disable=True))
        cls.customer = new_test_user(cls.env, login="kb_portal_customer", groups="base.group_portal", name="ანა")
        (subscriber,) = mirror_subscribers(cls.env, (0, {"number": "4000000001"}))
        link_client(cls.env, cls.customer.partner_id, subscriber)
        Article = cls.env["telmico.kb.article"]
        cls.public_page = Article.create(
            {
                "name": "მრიცხველის ჩვენების გადაცემა",
                "body": "<p>ჩვენება გადაეცით ყოველი თვის 25-მდე.</p>",
                "public": True,
            }
        )
        cls.internal_page = Article.create(
            {"name": "მრიცხველის ჩვენების შიდა კონტროლი", "body": "<p>კონტროლიორის შიდა ინსტრუქცია.</p>"}
        )
        (cls.public_page | cls.internal_page).action_publish()

    def test_help_search_on_the_new_request_page(self):
        self.authenticate("kb_portal_customer", "kb_portal_customer")
        page = self.url_open("/my/requests/new?search=mritskhvelis")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_telmico_kb_request_faq", page.text)
        self.assertIn(f'href="/help/{self.public_page.id}"', page.text)
        self.assertIn("<mark>მრიცხველის</mark> ჩვენების გადაცემა", page.text)
        self.assertNotIn("შიდა კონტროლი", page.text, "internal pages never reach customers")
        self.assertNotIn(f'href="/help/{self.internal_page.id}"', page.text)
        self.assertIn('name="subject"', page.text, "the request form is still there")
        log = self.env["telmico.kb.search.log"].search([("partner_id", "=", self.customer.partner_id.id)])
        self.assertEqual((log.source, log.outcome, log.result_count), ("request_form", "pending", 1))
        # the customer writes the request all the same: the search did not deflect it
        response = self.url_open(
            "/my/requests/new",
            data={"subject": "ჩვენება ვერ გადავეცი", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.env["telmico.request"].search([("partner_id", "=", self.customer.partner_id.id)]))
        self.assertEqual((log.outcome, log.deflected), ("request", False))

    def test_help_pages_lead_to_a_new_request(self):
        self.authenticate(None, None)
        self.assertIn('href="/my/requests/new"', self.url_open("/help").text)
