from odoo.tests import tagged

from .common import KbCase


@tagged("at_install")
class TestKbVersions(KbCase):
    def test_every_change_of_content_is_a_version(self):
        page = self.Article.with_user(self.editor).create({"name": "დეპოზიტი", "body": "<p>დეპოზიტი 50 ლარია.</p>"})
        self.assertEqual(page.version, 1)
        page.with_user(self.kb_admin).write(
            {"body": "<p>დეპოზიტი 80 ლარია.</p>", "version_note": "ახალი ოდენობა 2026 წლიდან"}
        )
        page.write({"public": True, "sequence": 5})  # not content: no version
        versions = page.version_ids.sorted("number")
        self.assertEqual(versions.mapped("number"), [1, 2])
        self.assertEqual(versions.mapped("author_id"), self.editor | self.kb_admin)
        self.assertEqual(versions[1].note, "ახალი ოდენობა 2026 წლიდან")
        self.assertIn("80", versions[1].body)
        self.assertFalse(page.version_note, "the note goes with its version")
        diff = versions[1].diff
        self.assertIn("<removed>", diff)
        self.assertIn("<added>", diff)
        self.assertIn("80", diff)

    def test_publish_marks_the_version_and_restore_makes_a_new_one(self):
        page = self.Article.with_user(self.editor).create({"name": "ტარიფი", "body": "<p>პირველი</p>"})
        page.write({"body": "<p>მეორე</p>"})
        page.action_publish()
        self.assertEqual(page.version_ids.filtered("published").number, 2)
        first = page.version_ids.filtered(lambda v: v.number == 1)
        first.with_user(self.editor).action_restore()
        self.assertEqual(page.version, 3)
        self.assertIn("პირველი", page.body)
        self.assertEqual(page.version_ids.filtered(lambda v: v.number == 3).note, "Restored version 1")

    def test_changes_are_tracked_in_the_chatter(self):
        page = (
            self.Article.with_user(self.editor)
            .with_context(tracking_disable=False)
            .create({"name": "გათიშვები", "body": "<p>გეგმიური გათიშვები.</p>"})
        )
        self._end_transaction()  # changes are tracked from the next transaction on
        page.write({"public": True, "category_id": self.cat_service.id})
        page.action_publish()
        self._end_transaction()
        tracked = page.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("public", tracked)
        self.assertIn("category_id", tracked)
        self.assertIn("state", tracked)
        self.assertIn(self.env.ref("telmico_kb.mt_article_published"), page.message_ids.subtype_id)

    def _end_transaction(self):
        """What a commit does: tracking is written when the transaction ends."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
