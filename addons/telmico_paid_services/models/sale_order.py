from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

PAYMENT_STATES = [
    ("not_invoiced", "Not invoiced"),
    ("unpaid", "Not paid"),
    ("partial", "Partially paid"),
    ("paid", "Paid"),
    ("refunded", "Refunded"),
]
PAID = ("paid", "in_payment")  # Odoo's payment states of an invoice the client has paid


class SaleOrder(models.Model):
    """A paid-service order is Odoo's quotation / sales order: lines of the price list with VAT, invoicing from
    the order, the portal's quotation pages. The addon adds the client's request and subscriber, the contract,
    the executing services sent to their departments once paid, the act of completed work and complaints."""

    _inherit = "sale.order"

    telmico_request_id = fields.Many2one("telmico.request", string="Request", index="btree_not_null", tracking=True)
    telmico_subscriber_id = fields.Many2one("telmico.subscriber", string="Subscriber", tracking=True)
    telmico_is_paid_service = fields.Boolean(
        string="Paid services", compute="_compute_telmico_is_paid_service", store=True, index=True
    )
    telmico_payment_state = fields.Selection(PAYMENT_STATES, string="Payment", compute="_compute_telmico_payment_state")
    telmico_service_ids = fields.Many2many(
        "telmico.service", string="Executing services", compute="_compute_telmico_service_ids"
    )
    telmico_contract_ids = fields.One2many("telmico.paid.contract", "order_id", string="Contracts")
    telmico_act_ids = fields.One2many("telmico.paid.act", "order_id", string="Acts of completed work")
    telmico_complaint_ids = fields.One2many("telmico.request", "telmico_complaint_order_id", string="Complaints")
    telmico_release_reason = fields.Text(string="Released unpaid because", readonly=True, copy=False, tracking=True)
    telmico_released_by_id = fields.Many2one("res.users", string="Released unpaid by", readonly=True, copy=False)

    @api.depends("order_line.product_id.telmico_is_paid_service")
    def _compute_telmico_is_paid_service(self):
        for order in self:
            order.telmico_is_paid_service = any(order.order_line.product_id.mapped("telmico_is_paid_service"))

    @api.depends("order_line.invoice_lines.move_id.payment_state", "order_line.invoice_lines.move_id.state")
    def _compute_telmico_payment_state(self):
        for order in self:
            moves = order.order_line.invoice_lines.move_id.filtered(lambda m: m.state == "posted")
            invoices = moves.filtered(lambda m: m.move_type == "out_invoice")
            if not invoices:
                state = "not_invoiced"
            elif all(m.payment_state == "reversed" for m in invoices) or (
                moves.filtered(lambda m: m.move_type == "out_refund")
                and order.currency_id.compare_amounts(
                    sum(moves.filtered(lambda m: m.move_type == "out_refund").mapped("amount_total")),
                    sum(invoices.mapped("amount_total")),
                )
                >= 0
            ):
                state = "refunded"
            elif all(m.payment_state in PAID for m in invoices):
                state = "paid"
            elif any(m.payment_state in (*PAID, "partial") for m in invoices):
                state = "partial"
            else:
                state = "unpaid"
            order.telmico_payment_state = state

    @api.depends("order_line.telmico_service_id")
    def _compute_telmico_service_ids(self):
        for order in self:
            order.telmico_service_ids = order.order_line.telmico_service_id

    @api.onchange("partner_id")
    def _onchange_telmico_partner(self):
        if self.telmico_subscriber_id and self.telmico_subscriber_id not in self.partner_id.subscriber_ids:
            self.telmico_subscriber_id = False

    # ------------------------------------------------------------ actions

    def action_confirm(self):
        for order in self.filtered("telmico_is_paid_service"):
            order.order_line.product_id.product_tmpl_id._telmico_check_valid(
                fields.Date.context_today(order, order.date_order)
            )
        result = super().action_confirm()
        paid = self.filtered("telmico_is_paid_service")
        paid._telmico_create_services()
        paid._telmico_create_contract()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self.telmico_service_ids.filtered(lambda s: s.state == "draft").action_cancel()
        self.telmico_contract_ids.filtered(lambda c: c.state != "signed").write({"state": "cancelled"})
        return result

    def action_telmico_invoice(self):
        """Invoice the order once its contract is signed, post the invoice and e-mail it to the client."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Confirm the order %s before invoicing it.", self.name))
        if not self.telmico_contract_ids.filtered(lambda c: c.state == "signed"):
            raise UserError(self.env._("The contract of %s is not signed yet.", self.name))
        if self.invoice_status != "to invoice":
            raise UserError(self.env._("%s has nothing left to invoice.", self.name))
        invoices = self._create_invoices()
        # sudo: the operator issues the invoice of the order they sold and e-mails it; the rest of accounting
        # stays with the accountants (operators get no accounting rights)
        invoices.sudo().action_post()
        invoices.sudo()._telmico_send()
        return self.action_view_invoice(invoices)

    def action_telmico_release_unpaid(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Execute before payment"),
            "res_model": "telmico.paid.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _telmico_release_unpaid(self, reason):
        """The allowed exception: a holder of the right sends the services to execution before payment."""
        if not self.env.user.has_group("telmico_paid_services.group_paid_services_release"):
            raise AccessError(self.env._("Only a holder of the right Execute before payment may do this."))
        if not (reason or "").strip():
            raise ValidationError(self.env._("Say why the services are executed before payment."))
        for order in self:
            if order.state != "sale":
                raise UserError(self.env._("Confirm the order %s first.", order.name))
            order.write({"telmico_release_reason": reason.strip(), "telmico_released_by_id": self.env.user.id})
        self._telmico_release()

    def _telmico_release(self):
        """Send the draft executing services of these orders to their departments.

        Called when the order is paid, possibly by an accountant or a bank posting a payment, who may not read
        services; a service that cannot be registered (a required field missing, …) stays a draft and the
        order's chatter says why, the payment itself is never refused for it.
        """
        for order in self:
            # sudo: the payment releases the work the client paid for, whoever posted the payment
            for service in order.sudo().telmico_service_ids.filtered(lambda s: s.state == "draft"):
                try:
                    with self.env.cr.savepoint():
                        service.with_context(telmico_paid_release=True).action_register()
                except (UserError, ValidationError) as error:
                    order.message_post(
                        body=self.env._(
                            "%(service)s stays a draft for an operator: %(reason)s",
                            service=service.display_name,
                            reason=error.args[0],
                        ),
                        subtype_xmlid="mail.mt_note",
                    )
                else:
                    order.message_post(
                        body=self.env._(
                            "%(service)s sent to %(department)s.",
                            service=service.name,
                            department=service.department_id.display_name or self.env._("execution"),
                        ),
                        subtype_xmlid="mail.mt_note",
                    )

    def action_telmico_complaint(self):
        """Open a complaint about this order: a request of the complaint category (statutory SLA) with the
        catalogue's complaint service, linked to the order; the operator writes the complaint and registers it."""
        self.ensure_one()
        request = self._telmico_complaint()
        return {
            "type": "ir.actions.act_window",
            "res_model": "telmico.request",
            "res_id": request.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _telmico_complaint(self, text=None):
        self.ensure_one()
        template = self.env.ref("telmico_service_mgmt.service_template_complaint")
        request = self.env["telmico.request"].create(
            {
                "partner_id": self.partner_id.id,
                "subject": self.env._("Complaint about the paid service %s", self.name),
                "channel": self.telmico_request_id.channel or "walk_in",
                "category_id": self.env.ref("telmico_desk.category_complaint").id,
                "telmico_complaint_order_id": self.id,
                "subscriber_ids": [Command.set(self.telmico_subscriber_id.ids)],
            }
        )
        service = self.env["telmico.service"].create(
            {
                "template_id": template.id,
                "partner_id": self.partner_id.id,
                "subscriber_id": self.telmico_subscriber_id.id,
                "request_id": request.id,
            }
        )
        if text:
            service.value_ids.filtered(lambda v: v.key == "complaint").value_text = text
        return request

    def action_telmico_refund(self):
        """A refund is Odoo's credit note: the reversal wizard of the order's paid invoices."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(lambda m: m.move_type == "out_invoice" and m.state == "posted")
        if not invoices:
            raise UserError(self.env._("%s has no posted invoice to refund.", self.name))
        return invoices.action_reverse()

    def action_telmico_open_contracts(self):
        self.ensure_one()
        return self._telmico_open(self.telmico_contract_ids, "telmico_paid_services.telmico_paid_contract_action")

    def action_telmico_open_acts(self):
        self.ensure_one()
        return self._telmico_open(self.telmico_act_ids, "telmico_paid_services.telmico_paid_act_action")

    def action_telmico_open_services(self):
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Executing services"),
            "res_model": "telmico.service",
            "view_mode": "list,form",
            "domain": [("id", "in", self.telmico_service_ids.ids)],
        }
        return action

    def _telmico_open(self, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if len(records) == 1:
            action.update({"res_id": records.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"default_order_id": self.id}
        return action

    # ---------------------------------------------------------- business

    def _telmico_create_services(self):
        """One draft executing service per ordered paid service, on the order's request; registered (sent to its
        department) when the order is paid."""
        Service = self.env["telmico.service"]
        for order in self:
            for line in order.order_line.filtered(lambda x: x.telmico_is_paid_service and not x.telmico_service_id):
                template = line.product_id.telmico_service_template_id
                line.telmico_service_id = Service.create(
                    {
                        "template_id": template.id,
                        "partner_id": order.partner_id.id,
                        "subscriber_id": order.telmico_subscriber_id.id,
                        "request_id": order.telmico_request_id.id,
                        "telmico_sale_line_id": line.id,
                    }
                )

    def _telmico_create_contract(self):
        Contract = self.env["telmico.paid.contract"]
        template = self.env["telmico.paid.contract.template"].search([], limit=1)
        for order in self.filtered(lambda o: not o.telmico_contract_ids):
            Contract.create(
                {
                    "order_id": order.id,
                    "template_id": template.id,
                    "date_start": fields.Date.context_today(order),
                }
            )

    def _telmico_services_completed(self):
        """Every executing service finished: make the act of completed work."""
        for order in self:
            services = order.telmico_service_ids
            if not services or any(s.state not in ("closed", "cancelled") for s in services):
                continue
            if not services.filtered(lambda s: s.result == "done"):
                continue
            if order.telmico_act_ids.filtered(lambda a: a.state != "cancelled"):
                continue
            # sudo: the department's executor finishing the last service makes the act; they need not read orders
            self.env["telmico.paid.act"].sudo().create({"order_id": order.id})
