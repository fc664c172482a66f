from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TelmicoKbCategory(models.Model):
    """A folder of the knowledge base (services, tariffs, payments, procedures, …), in a tree."""

    _name = "telmico.kb.category"
    _description = "Knowledge base category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    name = fields.Char(required=True)
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    parent_id = fields.Many2one("telmico.kb.category", string="Parent category", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("telmico.kb.category", "parent_id", string="Subcategories")
    sequence = fields.Integer(default=10)
    description = fields.Text()
    active = fields.Boolean(default=True)
    article_ids = fields.One2many("telmico.kb.article", "category_id", string="Pages")
    article_count = fields.Integer(string="Number of pages", compute="_compute_article_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    def _compute_article_count(self):
        counts = dict(
            self.env["telmico.kb.article"]._read_group(
                [("category_id", "child_of", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.article_count = sum(
                count for child, count in counts.items() if child.parent_path.startswith(category.parent_path)
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be inside itself."))

    def action_open_articles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("telmico_kb.telmico_kb_article_action")
        action["domain"] = [("category_id", "child_of", self.id)]
        action["context"] = {"default_category_id": self.id}
        return action
