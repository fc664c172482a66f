from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import format_date


class ProductTemplate(models.Model):
    """A paid service of the price list is a service product: Odoo's price, taxes and invoicing, plus the
    service reference book (conditions, execution time, responsible department) and the service template
    whose service executes it."""

    _inherit = "product.template"

    telmico_is_paid_service = fields.Boolean(string="Paid service", index=True, tracking=True)
    telmico_service_template_id = fields.Many2one(
        "telmico.service.template",
        string="Executing service",
        tracking=True,
        help="Ordering the paid service makes a service of this template on the client's request.",
    )
    telmico_conditions = fields.Html(string="Conditions", translate=True)
    telmico_execution_days = fields.Integer(string="Execution time (working days)", tracking=True)
    telmico_department_id = fields.Many2one(
        "telmico.service.department", string="Responsible department", tracking=True
    )
    telmico_date_start = fields.Date(string="Valid from", tracking=True)
    telmico_date_end = fields.Date(string="Valid until", tracking=True)

    @api.constrains(
        "telmico_is_paid_service", "telmico_service_template_id", "type", "telmico_date_start", "telmico_date_end"
    )
    def _check_telmico_paid_service(self):
        for product in self.filtered("telmico_is_paid_service"):
            if not product.telmico_service_template_id:
                raise ValidationError(
                    self.env._("The paid service %s needs the service template that executes it.", product.name)
                )
            if product.type != "service":
                raise ValidationError(
                    self.env._("The paid service %s must be a product of type Service.", product.name)
                )
            if (
                product.telmico_date_start
                and product.telmico_date_end
                and product.telmico_date_end < product.telmico_date_start
            ):
                raise ValidationError(self.env._("The validity of %s ends before it starts.", product.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("telmico_is_paid_service"):
                vals.setdefault("type", "service")
                vals.setdefault("invoice_policy", "order")
                vals.setdefault("sale_ok", True)
                vals.setdefault("purchase_ok", False)
                category = self.env.ref(
                    "telmico_paid_services.product_category_paid_services", raise_if_not_found=False
                )
                if category:
                    vals.setdefault("categ_id", category.id)
                vat = self.env.company.telmico_vat_tax_id
                if vat and "taxes_id" not in vals:
                    vals["taxes_id"] = [Command.set(vat.ids)]
        return super().create(vals_list)

    def _telmico_check_valid(self, day):
        """Refuse selling a paid service outside its validity dates."""
        for product in self.filtered("telmico_is_paid_service"):
            if (product.telmico_date_start and day < product.telmico_date_start) or (
                product.telmico_date_end and day > product.telmico_date_end
            ):
                raise UserError(
                    self.env._(
                        "%(service)s is not on the price list on %(day)s (valid %(start)s – %(end)s).",
                        service=product.display_name,
                        day=format_date(self.env, day),
                        start=format_date(self.env, product.telmico_date_start) or "…",
                        end=format_date(self.env, product.telmico_date_end) or "…",
                    )
                )
