from odoo import api, fields, models
from odoo.fields import Command

VAT_RATE = 18.0  # Georgian VAT (Tax Code of Georgia, art. 169)


class ResCompany(models.Model):
    _inherit = "res.company"

    telmico_vat_tax_id = fields.Many2one(
        "account.tax",
        string="VAT of paid services",
        check_company=True,
        help="Georgian VAT 18 % put on the paid services of the price list.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._telmico_paid_setup()
        return companies

    def _telmico_paid_setup(self):
        """The lari active and a VAT 18 % sales tax in each company (Odoo ships no Georgian localisation)."""
        # sudo: configuration data of the company, made at install or with a new company
        self.env.ref("base.GEL").sudo().active = True
        Tax = self.env["account.tax"].sudo()
        # the tax needs the company's chart of accounts (Odoo loads its generic one once the modules are loaded)
        for company in self.sudo().filtered(lambda c: c.chart_template and not c.telmico_vat_tax_id):
            country = company.account_sale_tax_id.country_id or company.account_fiscal_country_id
            tax = Tax.with_company(company).search(
                [
                    ("company_id", "=", company.id),
                    ("type_tax_use", "=", "sale"),
                    ("amount_type", "=", "percent"),
                    ("amount", "=", VAT_RATE),
                    ("price_include_override", "!=", "tax_included"),
                ],
                limit=1,
            )
            if not tax:
                group = (
                    self.env["account.tax.group"]
                    # sudo: configuration data of the company, as above
                    .sudo()
                    .create({"name": "დღგ 18%", "company_id": company.id, "country_id": country.id})
                )
                # the tax lines go where the company's own sales tax puts them (its chart of accounts), if any
                accounts = company.account_sale_tax_id.invoice_repartition_line_ids.filtered(
                    lambda line: line.repartition_type == "tax"
                )[:1].account_id
                refund_accounts = company.account_sale_tax_id.refund_repartition_line_ids.filtered(
                    lambda line: line.repartition_type == "tax"
                )[:1].account_id
                tax = Tax.with_company(company).create(
                    {
                        "name": "დღგ 18%",
                        "description": "დღგ 18%",
                        "invoice_label": "დღგ 18%",
                        "type_tax_use": "sale",
                        "amount_type": "percent",
                        "amount": VAT_RATE,
                        "company_id": company.id,
                        "country_id": country.id,
                        "tax_group_id": group.id,
                        "invoice_repartition_line_ids": [
                            Command.create({"document_type": "invoice", "repartition_type": "base"}),
                            Command.create(
                                {"document_type": "invoice", "repartition_type": "tax", "account_id": accounts.id}
                            ),
                        ],
                        "refund_repartition_line_ids": [
                            Command.create({"document_type": "refund", "repartition_type": "base"}),
                            Command.create(
                                {
                                    "document_type": "refund",
                                    "repartition_type": "tax",
                                    "account_id": refund_accounts.id,
                                }
                            ),
                        ],
                    }
                )
            # the default sales tax of new products, as a Georgian chart of accounts would set it
            company.write({"telmico_vat_tax_id": tax.id, "account_sale_tax_id": tax.id})
