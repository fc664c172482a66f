from collections import defaultdict

from odoo import api, fields, models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    telmico_matching = fields.Boolean(
        string="Telmico matching",
        readonly=True,
        help="Matches incoming bank lines with the open customer invoice named in the remittance text (number, "
        "payment reference, the client's personal, company or subscriber number) and the amount, or with the "
        "payment the bank already posted through the payment endpoint.",
    )

    @api.model
    def _telmico_matching_model(self, company):
        """The company's Telmico matching model (made when missing), evaluated first and reconciling automatically."""
        model = self.search([("telmico_matching", "=", True), ("company_id", "=", company.id)], limit=1)
        if not model:
            # sudo: the accountant importing a statement may not configure reconciliation models; this one is ours
            model = (
                self.sudo()
                .with_company(company)
                .create(
                    {
                        "name": self.env._("Invoice by reference, client number or bank payment"),
                        "rule_type": "invoice_matching",
                        "telmico_matching": True,
                        "auto_reconcile": True,
                        # a smaller amount than the invoice named is a partial payment, not a gap to write off
                        "allow_payment_tolerance": False,
                        "sequence": 0,
                        "match_nature": "amount_received",
                        "match_text_location_label": False,
                        "company_id": company.id,
                    }
                )
                .sudo(False)
            )
        return model

    @api.model
    def _telmico_create_matching_models(self):
        """At install: the matching model of every company having a chart of accounts."""
        for company in self.env["res.company"].search([("chart_template", "!=", False)]):
            self._telmico_matching_model(company)

    def _get_invoice_matching_rules_map(self):
        if not self.telmico_matching:
            return super()._get_invoice_matching_rules_map()
        rules_map = defaultdict(list)
        rules_map[10].append(self._telmico_matching_candidates)
        return rules_map

    def _telmico_matching_candidates(self, st_line, partner):
        amls = st_line._telmico_matching_amls()
        return amls and {"amls": amls, "allow_auto_reconcile": True}

    def _apply_rules(self, st_line, partner):
        # a line the bank already posted through the endpoint is that payment or nothing: no other model may
        # match it with the invoice again
        if st_line._telmico_bank_transaction():
            return super(AccountReconcileModel, self.filtered("telmico_matching"))._apply_rules(st_line, partner)
        return super()._apply_rules(st_line, partner)
