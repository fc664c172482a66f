from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class TelmicoRequestMerge(models.TransientModel):
    """Merge duplicate requests into one: their conversation, files, followers and services go to the target."""

    _name = "telmico.request.merge"
    _inherit = ["telmico.request.wizard.mixin"]
    _description = "Merge requests"

    target_id = fields.Many2one(
        "telmico.request",
        string="Merge into",
        required=True,
        domain="[('id', 'in', request_ids)]",
        help="The request that stays; the others are cancelled and point to it.",
    )
    allow_different_clients = fields.Boolean(help="Merge also requests of different clients.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        requests = self.env["telmico.request"].browse(self._default_request_ids())
        if "target_id" in fields_list and requests:
            values["target_id"] = requests.sorted(lambda r: (r.create_date, r.id))[0].id
        return values

    def action_merge(self):
        self.ensure_one()
        target = self.target_id
        merged = self.request_ids - target
        self._check_mergeable(target, merged)
        # the tracking of changes made earlier in this transaction is written on commit: write it now, so
        # that it is moved with the rest instead of landing on the merged requests afterwards
        merged._track_finalize()
        # sudo: the messages and files of the merged requests become the target's; their authors are
        # other people, and only the administrator may rewrite someone else's message
        self.env["mail.message"].sudo().search([("model", "=", merged._name), ("res_id", "in", merged.ids)]).write(
            {"res_id": target.id, "record_name": target.display_name}
        )
        self.env["ir.attachment"].sudo().search([("res_model", "=", merged._name), ("res_id", "in", merged.ids)]).write(
            {"res_id": target.id}
        )
        target.message_subscribe(partner_ids=(merged.message_partner_ids - target.message_partner_ids).ids)
        merged.service_ids.write({"request_id": target.id})
        target.write(
            {
                "subscriber_ids": [Command.link(s.id) for s in merged.subscriber_ids - target.subscriber_ids],
                "tag_ids": [Command.link(t.id) for t in merged.tag_ids - target.tag_ids],
                "collaborator_ids": [Command.link(u.id) for u in merged.collaborator_ids - target.collaborator_ids],
                "related_request_ids": [Command.link(r.id) for r in merged],
            }
        )
        link = Markup('<a href="#" data-oe-model="telmico.request" data-oe-id="%s">%s</a>')
        for request in merged:
            request.message_post(
                body=self.env._("Merged into %(request)s.", request=link % (target.id, target.name)),
                subtype_xmlid="mail.mt_note",
            )
        merged.write({"merged_into_id": target.id})
        merged.action_cancel()
        target.message_post(
            body=self.env._(
                "Merged here: %(requests)s.",
                requests=Markup(", ").join(link % (request.id, request.name) for request in merged),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "telmico.request",
            "res_id": target.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _check_mergeable(self, target, merged):
        if not merged:
            raise UserError(self.env._("Choose at least two requests to merge."))
        finished = self.request_ids.filtered(lambda r: r.state in ("closed", "cancelled"))
        if finished:
            raise UserError(
                self.env._("Closed or cancelled requests cannot be merged: %s.", ", ".join(finished.mapped("name")))
            )
        resolved = merged.filtered(lambda r: r.state == "resolved")
        if resolved:
            raise UserError(
                self.env._(
                    "Resolved requests can only be the one merged into; reopen the others first: %s.",
                    ", ".join(resolved.mapped("name")),
                )
            )
        if not self.allow_different_clients and len(self.request_ids.commercial_partner_id) > 1:
            raise UserError(
                self.env._(
                    "These requests are of different clients (%s). Tick “Allow different clients” to merge them anyway.",
                    ", ".join(self.request_ids.commercial_partner_id.mapped("display_name")),
                )
            )
