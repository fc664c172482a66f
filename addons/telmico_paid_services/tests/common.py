import base64

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import TransactionCase

# a 1×1 PNG: the image a drawn signature is stored as
SIGNATURE_PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
    )
)


class PaidServicesCase(TransactionCase):
    """Users of every role (operator, accountant, department employee, releaser, portal clients), a client with
    a subscriber, a paid service of the price list executed by the metering department, and helpers to sell,
    sign, invoice and pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, mail_create_nolog=True, no_reset_password=True, mail_notrack=True)
        )
        cls.env.company.email = "info@telmico.ge"
        if not cls.env.company.chart_template:
            # Odoo loads its generic chart of accounts once every module is loaded: a database installed
            # piecemeal may still have none (the addon then adds its VAT when the chart is loaded)
            cls.env["account.chart.template"].try_loading("generic_coa", cls.env.company, install_demo=False)
        cls.operator = mail_new_test_user(
            cls.env,
            login="paid_operator",
            groups="telmico_desk.group_desk_user,telmico_paid_services.group_paid_services_user",
            name="ნინო ოპერატორი",
        )
        cls.accountant = mail_new_test_user(
            cls.env, login="paid_accountant", groups="account.group_account_invoice", name="მაია ბუღალტერი"
        )
        cls.releaser = mail_new_test_user(
            cls.env,
            login="paid_releaser",
            groups="telmico_desk.group_desk_user,telmico_paid_services.group_paid_services_manager",
            name="თამარ ხელმძღვანელი",
        )
        cls.executor = mail_new_test_user(
            cls.env,
            login="paid_executor",
            groups="telmico_service_mgmt.group_service_mgmt_user",
            name="გიორგი მრიცხველები",
        )
        cls.head = mail_new_test_user(
            cls.env,
            login="paid_department_head",
            groups="telmico_service_mgmt.group_service_mgmt_head",
            name="ზურაბ ჩხეიძე",
        )
        cls.department = cls.env["telmico.service.department"].create(
            {
                "name": "აღრიცხვის სამსახური",
                "manager_id": cls.head.id,
                "member_ids": [Command.set((cls.executor | cls.head).ids)],
            }
        )
        cls.template = cls.env["telmico.service.template"].create(
            {
                "name": "მრიცხველის გადატანა",
                "kind": "complex",
                "notify_client": False,
                "stage_ids": [
                    Command.create(
                        {"name": "გადატანა ადგილზე", "department_id": cls.department.id, "deadline_hours": 24}
                    )
                ],
            }
        )
        cls.product = cls.env["product.template"].create(
            {
                "name": "მრიცხველის გადატანა",
                "telmico_is_paid_service": True,
                "list_price": 100.0,
                "telmico_service_template_id": cls.template.id,
                "telmico_department_id": cls.department.id,
                "telmico_execution_days": 3,
            }
        )
        cls.subscriber, cls.other_subscriber = mirror_subscribers(
            cls.env, (0, {"number": "3000000001"}), (1, {"number": "3000000002"})
        )
        cls.client = cls.env["res.partner"].create(
            {
                "first_name": "გიორგი",
                "last_name": "ბერიძე",
                "personal_number": "01001012345",
                "mobile": "599 12 34 56",
                "email": "giorgi.beridze@example.ge",
                "lang": "en_US",
            }
        )
        link_client(cls.env, cls.client, cls.subscriber)
        cls.other_client = cls.env["res.partner"].create(
            {"first_name": "ნანა", "last_name": "კაპანაძე", "personal_number": "01001054321"}
        )
        link_client(cls.env, cls.other_client, cls.other_subscriber)
        cls.portal_user = mail_new_test_user(
            cls.env, login="paid_portal", groups="base.group_portal", partner_id=cls.client.id
        )
        cls.other_portal_user = mail_new_test_user(
            cls.env, login="paid_portal_other", groups="base.group_portal", partner_id=cls.other_client.id
        )
        cls.request = cls.env["telmico.request"].create(
            {
                "partner_id": cls.client.id,
                "channel": "walk_in",
                "subject": "მრიცხველის გადატანა",
                "user_id": cls.operator.id,
                "state": "in_progress",
            }
        )

    def _sell(self, client=None, subscriber=None, request=None, confirm=True, qty=1.0, product=None):
        """A paid-service order sold by the operator on the request (confirmed unless told)."""
        order = (
            self.env["sale.order"]
            .with_user(self.operator)
            .create(
                {
                    "partner_id": (client or self.client).id,
                    "telmico_subscriber_id": (subscriber or self.subscriber).id,
                    "telmico_request_id": (request or self.request).id,
                    "order_line": [
                        Command.create(
                            {"product_id": (product or self.product).product_variant_id.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        if confirm:
            order.action_confirm()
        return order

    def _sign(self, record, user=None, method="electronic", **values):
        wizard = (
            self.env["telmico.paid.sign.wizard"]
            .with_user(user or self.operator)
            .with_context(default_res_model=record._name, default_res_id=record.id)
            .create(
                {
                    "sign_method": method,
                    "signed_by": values.pop("signed_by", record.partner_id.name),
                    **(
                        {"signature": SIGNATURE_PNG}
                        if method == "electronic"
                        else {"scan": base64.b64encode(b"%PDF-1.4 scan"), "scan_name": "scan.pdf"}
                    ),
                    **values,
                }
            )
        )
        return wizard.action_sign()

    def _desk_items(self, user, block):
        """The ids of the services or requests in ``block`` of ``user``'s Desk."""
        data = self.env["telmico.desk"].with_user(user).get_desk_data()
        blocks = {b["key"]: b for b in data["blocks"]}
        return [item["id"] for item in blocks.get(block, {}).get("items", [])]

    def _invoice(self, order):
        """Sign the contract and invoice the order as the operator; the posted invoice."""
        contract = order.telmico_contract_ids
        if contract.state == "draft":
            self._sign(contract)
        order.with_user(self.operator).action_telmico_invoice()
        return order.invoice_ids

    def _pay(self, invoice, amount=None):
        """The accountant registers a payment of the invoice (Odoo's register-payment wizard)."""
        values = {"amount": amount} if amount is not None else {}
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
        )
        return wizard._create_payments()
