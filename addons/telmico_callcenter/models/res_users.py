from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    telmico_extension = fields.Char(
        string="Phone extension",
        index="btree_not_null",
        copy=False,
        help="The agent's extension on the telephony platform: its call events reach this user (screen pop, call log).",
    )

    _sql_constraints = [
        ("telmico_extension_uniq", "unique(telmico_extension)", "Another user already has this phone extension."),
    ]

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "telmico_extension"]

    @api.model
    def _telmico_by_extension(self, extension):
        """The active internal user with phone extension ``extension``, or an empty recordset."""
        if not extension:
            return self.browse()
        # sudo: the telephony endpoint runs unauthenticated (HMAC-signed); only the extension is matched
        return self.sudo().search([("telmico_extension", "=", extension), ("share", "=", False)], limit=1)
