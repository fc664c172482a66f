from odoo import api, fields, models

from ..tools.billing_contract import SUBSCRIBER_STATES


class TelmicoSubscriber(models.Model):
    """A billing account: mirrored from the billing system, read-only for every person."""

    _name = "telmico.subscriber"
    _inherit = ["telmico.billing.mirror.mixin"]
    _description = "Subscriber"
    _order = "number"
    _rec_names_search = ["number", "address"]

    number = fields.Char(required=True, readonly=True)  # indexed by its unique constraint
    name = fields.Char(string="Holder", readonly=True)
    holder_type = fields.Selection([("person", "Individual"), ("company", "Legal entity")], readonly=True)
    personal_number = fields.Char(readonly=True, index="btree_not_null")
    company_registry = fields.Char(string="Company ID", readonly=True, index="btree_not_null")
    phone = fields.Char(readonly=True, index="btree_not_null")
    email = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    district = fields.Char(readonly=True)
    street = fields.Char(readonly=True)
    building = fields.Char(readonly=True)
    apartment = fields.Char(readonly=True)
    zip = fields.Char(readonly=True)
    address = fields.Char(readonly=True, index="trigram")
    meter_numbers = fields.Char(readonly=True, index="trigram")
    tariff = fields.Char(readonly=True)
    status = fields.Selection(SUBSCRIBER_STATES, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True, default=lambda self: self.env.company.currency_id)
    balance = fields.Monetary(readonly=True, help="Charges minus payments: positive is a debt, negative a credit.")
    debt = fields.Monetary(readonly=True, index="btree_not_null")
    contract_number = fields.Char(readonly=True)
    contract_date = fields.Date(readonly=True)
    # indexed: the billing connector reads max() of it to know where to pull changes from
    billing_updated_at = fields.Datetime(string="Data as of", readonly=True, index="btree_not_null")
    synced_at = fields.Datetime(readonly=True)
    charge_ids = fields.One2many("telmico.subscriber.charge", "subscriber_id", string="Charges", readonly=True)
    payment_ids = fields.One2many("telmico.subscriber.payment", "subscriber_id", string="Payments", readonly=True)
    receipt_ids = fields.One2many("telmico.subscriber.receipt", "subscriber_id", string="Receipts", readonly=True)
    client_link_ids = fields.One2many("telmico.subscriber.link", "subscriber_id", string="Client links")
    client_count = fields.Integer(compute="_compute_client_count")

    _sql_constraints = [("number_uniq", "unique(number)", "A subscriber number is unique.")]

    @api.depends("client_link_ids")
    def _compute_client_count(self):
        for subscriber in self:
            subscriber.client_count = len(subscriber.client_link_ids)

    @api.model
    def _search_display_name(self, operator, value):
        # the same bound as the client search: a pattern's work grows with its size
        if operator.endswith("like") and isinstance(value, str):
            self.env["res.partner"]._check_search_text_size(value.strip())
        return super()._search_display_name(operator, value)

    @api.depends("number", "address")
    def _compute_display_name(self):
        for subscriber in self:
            subscriber.display_name = " — ".join(filter(None, [subscriber.number, subscriber.address]))

    def action_open_clients(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Clients of subscriber %s", self.number),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("subscriber_link_ids.subscriber_id", "=", self.id)],
        }

    def action_print_statement(self):
        return self.env.ref("telmico_client_card.action_report_subscriber_statement").report_action(self)
