from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.mail import append_content_to_html

# a page written for one of the chosen services weighs as much as a good text match and more
TEMPLATE_BOOST = 1.5


class TelmicoKbArticle(models.Model):
    _inherit = "telmico.kb.article"

    service_template_ids = fields.Many2many(
        "telmico.service.template",
        "telmico_kb_article_service_template_rel",
        "article_id",
        "template_id",
        string="Services",
        help="The services this page answers: it is suggested first on requests with one of them.",
    )

    def _kb_suggest_boosts(self, domain, templates, ivr_choice):
        boosts = super()._kb_suggest_boosts(domain, templates, ivr_choice)
        if templates:
            pages = self.search([*domain, ("service_template_ids", "in", templates.ids)], limit=50)
            boosts += [(page.id, TEMPLATE_BOOST) for page in pages]
        return boosts

    def _kb_news_published(self):
        """The agents' Desks count the unread news: tell them."""
        result = super()._kb_news_published()
        agents = self.env.ref("telmico_kb.group_kb_user").sudo().users  # sudo: the members, to notify them
        self.env["telmico.desk"]._desk_notify(agents.partner_id)
        return result

    def action_confirm_read(self):
        result = super().action_confirm_read()
        self.env["telmico.desk"]._desk_notify(self.env.user.partner_id)
        return result

    # ------------------------------------------------------------ answers on a request

    def _kb_context_request(self):
        """The request whose suggestions the button was clicked in (``kb_request_id`` in the context)."""
        request_id = self.env.context.get("kb_request_id")
        request = self.env["telmico.request"].browse(request_id if isinstance(request_id, int) else []).exists()
        if not request:
            raise UserError(self.env._("Save the request first, then use the answer."))
        request.check_access("write")
        return request

    def action_kb_reply(self):
        """Reply to the customer with this page's answer: the composer opens with it, ready to edit and send."""
        self.ensure_one()
        request = self._kb_context_request()
        request.kb_article_ids = [fields.Command.link(self.id)]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply with “%s”", self.name),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": request._name,
                "default_res_ids": request.ids,
                "default_composition_mode": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
                "default_body": self._kb_answer_html(),
                "default_email_add_signature": False,
                "mail_post_autofollow": True,
            },
        }

    def action_kb_add_to_description(self):
        """During a registration: the answer given goes into the request's description."""
        self.ensure_one()
        request = self._kb_context_request()
        if request.state != "draft":
            raise UserError(self.env._("%s is registered: reply to the customer instead.", request.display_name))
        request.write(
            {
                "description": append_content_to_html(
                    request.description or "", self._kb_answer_html(), plaintext=False
                ),
                "kb_article_ids": [fields.Command.link(self.id)],
            }
        )
        return True
