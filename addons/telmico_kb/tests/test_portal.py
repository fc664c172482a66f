from datetime import timedelta

from freezegun import freeze_time

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from .common import KbCase


@tagged("post_install", "-at_install")
class TestKbHelpPages(HttpCase, KbCase):
    """The public help pages over HTTP: internal pages and drafts never leak; customers' searches are measured."""

    def test_help_lists_public_pages_only(self):
        self.draft.public = True
        for login in (None, "kb_portal"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                html = self.url_open("/help").text
                self.assertIn(self.tariff_current.name, html)
                self.assertIn(self.payment.name, html)
                for hidden in (self.internal, self.tariff_previous, self.conflict, self.draft, self.news):
                    self.assertNotIn(hidden.name, html)
                    self.assertEqual(self.url_open(f"/help/{hidden.id}").status_code, 404)

    def test_search_never_leaks_internal_pages(self):
        self.authenticate(None, None)
        html = self.url_open("/help?search=ჩამოწერის").text
        self.assertNotIn(self.internal.name, html)
        self.assertNotIn("ფინანსური დირექტორი", html)
        html = self.url_open("/help?search=tarifebi").text
        self.assertIn("<mark>ტარიფები</mark>", html)
        self.assertNotIn(self.tariff_previous.name, html, "the previous tariffs are an internal page")
        # an agent on the public pages sees what customers see
        self.authenticate("kb_agent", "kb_agent")
        self.assertNotIn(self.internal.name, self.url_open("/help?search=ჩამოწერის").text)

    def test_page_feedback_and_deflection(self):
        """A customer who searched and says a page answered the question is deflected; one who opens
        nothing within the window is deflected too; the searches are there for the editors."""
        self.authenticate("kb_portal", "kb_portal")
        self.url_open("/help?search=გადახდა")
        page = self.url_open(f"/help/{self.payment.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("ბარათით", page.text)
        response = self.url_open(
            f"/help/{self.payment.id}/feedback", data={"helpful": "1", "csrf_token": self._csrf_token()}
        )
        self.assertEqual(response.status_code, 200)
        self.payment.invalidate_recordset()
        self.assertEqual((self.payment.helpful_count, self.payment.view_count), (1, 2))
        Log = self.env["telmico.kb.search.log"]
        answered = Log.search([("partner_id", "=", self.portal.partner_id.id)])
        self.assertEqual((answered.outcome, answered.article_id, answered.deflected), ("answered", self.payment, True))
        # an anonymous visitor searches and leaves
        self.authenticate(None, None)
        self.url_open("/help?search=ტარიფი")
        visitor = Log.search([("visitor", "!=", False), ("partner_id", "=", False)])
        self.assertEqual(visitor.outcome, "pending")
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            Log._cron_close_deflection()
        self.assertEqual((visitor.outcome, visitor.deflected), ("left", True))

    def test_feedback_on_internal_pages_is_refused(self):
        self.authenticate(None, None)
        response = self.url_open(
            f"/help/{self.internal.id}/feedback", data={"helpful": "1", "csrf_token": self._csrf_token()}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.internal.helpful_count, 0)

    def test_help_pages_in_georgian(self):
        """A Georgian customer reads the help pages in Georgian, the heading of pages without a category too."""
        self.env["res.lang"]._activate_lang("ka_GE")
        self.env["ir.module.module"].search([("name", "=", "telmico_kb")])._update_translations("ka_GE")
        self.portal.lang = "ka_GE"
        self._page("როგორ შევცვალო ელფოსტა", body="<p>პირად კაბინეტში, პარამეტრებში.</p>", public=True)
        self.authenticate("kb_portal", "kb_portal")
        html = self.url_open("/help").text
        self.assertIn("როგორ შევცვალო ელფოსტა", html)
        self.assertIn("სხვა კითხვები", html, "the pages without a category, under a Georgian heading")
        self.assertNotIn("Other questions", html)

    def _csrf_token(self):
        return http.Request.csrf_token(self)
