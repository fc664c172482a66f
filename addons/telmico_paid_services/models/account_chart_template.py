from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo, force_create=True):
        """Once a company has its chart of accounts, it gets the Georgian VAT of paid services."""
        result = super()._load(template_code, company, install_demo, force_create=force_create)
        company._telmico_paid_setup()
        return result
