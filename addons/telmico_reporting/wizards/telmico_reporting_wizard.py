import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TelmicoReportingWizard(models.TransientModel):
    """Choose a ready report and its parameters, then get it as Excel or PDF."""

    _name = "telmico.reporting.wizard"
    _inherit = "telmico.reporting.parameters"
    _description = "Report by parameters"

    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self) - timedelta(days=30))
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period begins after it ends."))

    def action_export_xlsx(self):
        self.ensure_one()
        name, content, mimetype = self._export("xlsx", self.date_from, self.date_to)
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(content),
                "mimetype": mimetype,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_export_pdf(self):
        self.ensure_one()
        return self.env.ref("telmico_reporting.action_report_telmico_reporting").report_action(self)

    def _export(self, file_format, date_from, date_to):
        if file_format == "pdf":
            content, _type = self.env["ir.actions.report"]._render_qweb_pdf(
                "telmico_reporting.action_report_telmico_reporting", self.ids
            )
            table = self._report_table(date_from, date_to)
            return f"{table['title']} {date_from} {date_to}.pdf", content, "application/pdf"
        return super()._export(file_format, date_from, date_to)

    def _report_document(self):
        """The table the PDF shows (called by the QWeb template)."""
        self.ensure_one()
        return self._report_table(self.date_from, self.date_to)
