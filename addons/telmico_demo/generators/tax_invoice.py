from odoo.addons.telmico_base.tools.signature import generate_secret

from .bank import BankDemo

CONNECTION_NAME = "rs.ge (სიმულატორი)"


class TaxInvoiceDemo(BankDemo):
    """Tax invoices: the company's connection to the Revenue Service simulator (`make run` starts it on
    $RS_SIM_PORT and points the connection at it), with a generated password; accountants issue the tax
    invoices of the demo invoices from their form."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        stats["rs_connections"] = self._generate_rs_connection()
        return stats

    def _generate_rs_connection(self):
        Connection = self.env["telmico.rs.connection"].with_context(active_test=False)
        if Connection.search_count([("company_id", "=", self.env.company.id)], limit=1):
            return 0
        Connection.create(
            {
                "name": CONNECTION_NAME,
                "url": "http://127.0.0.1:8035",
                "username": "telmico",
                "password": generate_secret(),
            }
        )
        return 1
