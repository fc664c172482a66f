from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.rs_client import RsClient


class TelmicoRsConnection(models.Model):
    """The company's connection to the Revenue Service's tax-invoice service (contract in the addon README)."""

    _name = "telmico.rs.connection"
    _description = "Revenue Service connection"
    _check_company_auto = True

    name = fields.Char(required=True, default="rs.ge")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    url = fields.Char(string="Service URL", required=True, help="Base address of the tax-invoice service.")
    username = fields.Char(required=True, help="The service user registered at rs.ge.")
    password = fields.Char(groups="base.group_system", copy=False, help="The service user's password.")
    auto_issue = fields.Boolean(
        string="Issue automatically",
        help="Issue the tax invoice of every posted customer invoice (sent within minutes by a scheduled action).",
    )
    timeout = fields.Float(default=15.0, help="Seconds to wait for the service's answer.")
    max_tries = fields.Integer(default=5, help="Tries of a call that failed for a temporary reason.")

    _sql_constraints = [("company_uniq", "unique (company_id)", "A company has one Revenue Service connection.")]

    @api.constrains("url", "timeout", "max_tries")
    def _check_settings(self):
        for connection in self:
            if not (connection.url or "").startswith(("http://", "https://")):
                raise ValidationError(self.env._("The service URL must start with http:// or https://."))
            if connection.timeout <= 0 or connection.max_tries < 1:
                raise ValidationError(self.env._("The timeout and the number of tries must be positive."))

    @api.model
    def _for_company(self, company):
        # sudo: the connection (with its password) is used on behalf of any accountant who posts an invoice
        return self.sudo().search([("company_id", "=", company.id)], limit=1)

    def _client(self):
        self.ensure_one()
        # sudo: the password is readable by system administrators only; the adapter needs it to call the service
        connection = self.sudo()
        return RsClient(connection.url, connection.username, connection.password or "", connection.timeout)
