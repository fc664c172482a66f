from odoo import fields, models


class TelmicoDesk(models.AbstractModel):
    _inherit = "telmico.desk"

    def _desk_blocks(self):
        """What's new: the news of the knowledge base the agent has not confirmed yet."""
        return [
            *super()._desk_blocks(),
            {
                "key": "kb_news",
                "title": self.env._("What's new"),
                "sequence": 15,
                "icon": "fa-bullhorn",
                "groups": "telmico_kb.group_kb_user",
                "model": "telmico.kb.article",
                "domain": [("kind", "=", "news"), ("state", "=", "published"), ("is_read", "=", False)],
                "alert_domain": [("important", "=", True)],
                "order": "date_published desc, id desc",
                "buttons": [{"label": self.env._("I have read it"), "method": "action_confirm_read", "primary": True}],
                "item": self._desk_item_kb_news,
            },
        ]

    def _desk_item_kb_news(self, article):
        return {
            "subtitle": article.summary or article._kb_category_name(),
            "date": fields.Datetime.to_string(article.date_published) if article.date_published else False,
            "badge": self.env._("Important") if article.important else self.env._("News"),
            "badge_class": "danger" if article.important else "info",
        }
