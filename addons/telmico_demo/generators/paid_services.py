import base64
import random

from odoo.fields import Command

from .callcenter import CallcenterDemo

# a small drawn signature (PNG) for the demo's electronically signed contracts
SIGNATURE_PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
    )
)
# the demo's own executing templates: (key, name, department code, working hours)
PAID_TEMPLATES = [
    ("relocation", "მრიცხველის გადატანა", "metering", 24),
    ("seal", "პლომბის აღდგენა", "metering", 8),
    ("power", "სიმძლავრის გაზრდა", "metering", 40),
    ("replacement", "მრიცხველის შეცვლა კლიენტის მოთხოვნით", "metering", 16),
]
# the price list: (name, price in lari, executing template: the demo's key or the catalogue's xml id,
# execution days, conditions)
PRICE_LIST = [
    ("მრიცხველის გადატანა", 120.0, "relocation", 5, "მრიცხველი გადაიტანება იმავე შენობის ფარგლებში."),
    (
        "მრიცხველის შემოწმება (ექსპერტიზა)",
        45.0,
        "telmico_service_mgmt.service_template_meter_check",
        3,
        "თუ მრიცხველი გაუმართავია, საფასური უბრუნდება აბონენტს.",
    ),
    (
        "ელექტრომომარაგების აღდგენა",
        30.0,
        "telmico_service_mgmt.service_template_reconnection",
        1,
        "სრულდება დავალიანების დაფარვის შემდეგ.",
    ),
    (
        "ცნობა დავალიანების არქონის შესახებ",
        10.0,
        "telmico_service_mgmt.service_template_certificate",
        1,
        "გაიცემა აბონენტის ან მისი წარმომადგენლის მოთხოვნით.",
    ),
    ("პლომბის აღდგენა", 25.0, "seal", 2, "დაზიანებული პლომბის აღდგენა აბონენტის ბრალით."),
    ("სიმძლავრის გაზრდა", 250.0, "power", 10, "ტექნიკური პირობების შემოწმების შემდეგ."),
    ("მრიცხველის შეცვლა კლიენტის მოთხოვნით", 180.0, "replacement", 5, "მრიცხველის ღირებულება შედის ფასში."),
]
# the services the demo's orders buy (their templates ask nothing the demo would have to fill in)
SOLD = ("relocation", "seal", "power", "replacement")


class PaidServicesDemo(CallcenterDemo):
    """Paid services: the price list in Georgian, orders with their contracts (signed electronically or on
    paper), invoices, payments, services in execution and acts of completed work."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        demo = self.with_context(mail_notify_force_send=False, tracking_disable=True)
        products = demo._generate_price_list()
        stats["paid_services"] = len(products)
        stats["paid_orders"] = demo._generate_paid_orders(products, size, seed or 1)
        return stats

    def _generate_price_list(self):
        company = self.env.company
        if not company.chart_template:
            # Odoo loads its generic chart once every module is loaded: a database built piecemeal may have none
            self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        Product = self.env["product.template"]
        existing = Product.search([("telmico_is_paid_service", "=", True)])
        if existing:
            return {p.telmico_service_template_id.id: p for p in existing}
        # `product` made the default price list in the currency the company had then (USD, before the demo's
        # company became Georgian): the demo's orders are in lari
        self.env["product.pricelist"].search(
            [("currency_id", "!=", company.currency_id.id), ("company_id", "in", [False, company.id])]
        ).currency_id = company.currency_id
        metering = self.env.ref("telmico_service_mgmt.service_department_metering")
        templates = {}
        for key, name, _code, hours in PAID_TEMPLATES:
            templates[key] = self.env["telmico.service.template"].create(
                {
                    "name": name,
                    "kind": "complex",
                    "category_id": self.env.ref("telmico_service_mgmt.service_category_metering").id,
                    "stage_ids": [
                        Command.create({"name": name, "department_id": metering.id, "deadline_hours": hours})
                    ],
                }
            )
        products = {}
        for name, price, template_key, days, conditions in PRICE_LIST:
            template = templates.get(template_key) or self.env.ref(template_key)
            department = template.stage_ids[:1].department_id or metering
            product = Product.create(
                {
                    "name": name,
                    "list_price": price,
                    "telmico_is_paid_service": True,
                    "telmico_service_template_id": template.id,
                    "telmico_department_id": department.id,
                    "telmico_execution_days": days,
                    "telmico_conditions": f"<p>{conditions}</p>",
                }
            )
            products[template_key] = product
        return products

    def _generate_paid_orders(self, products, size, seed):
        Order = self.env["sale.order"]
        if Order.search_count([("telmico_is_paid_service", "=", True)], limit=1):
            return 0
        sold = [products[key] for key in SOLD if key in products]
        links = self.env["telmico.subscriber.link"].search([("partner_id.is_client", "=", True)], order="id", limit=200)
        operator = self.env["res.users"].search([("login", "=", "operator")], limit=1) or self.env.user
        operator.groups_id = [Command.link(self.env.ref("telmico_paid_services.group_paid_services_user").id)]
        if not sold or not links:
            return 0
        rng = random.Random(seed)
        count = min(40, max(12, size // 50))
        for index in range(count):
            link = links[rng.randrange(len(links))]
            product = sold[rng.randrange(len(sold))]
            request = self.env["telmico.request"].create(
                {
                    "partner_id": link.partner_id.id,
                    "channel": rng.choice(["walk_in", "phone"]),
                    "subject": product.name,
                    "subscriber_ids": [Command.set(link.subscriber_id.ids)],
                    "user_id": operator.id,
                }
            )
            request.action_register()
            order = Order.create(
                {
                    "partner_id": link.partner_id.id,
                    "user_id": operator.id,
                    "telmico_request_id": request.id,
                    "telmico_subscriber_id": link.subscriber_id.id,
                    "order_line": [Command.create({"product_id": product.product_variant_id.id})],
                }
            )
            if index % 6 == 5:
                continue  # a quotation not confirmed yet
            order.action_confirm()
            contract = order.telmico_contract_ids
            if index % 6 == 4:
                continue  # the contract waits for the client's signature
            if index % 2:
                contract._telmico_sign("electronic", link.partner_id.name, signature=SIGNATURE_PNG)
            else:
                scan = base64.b64encode(f"%PDF-1.4 demo scan {contract.name}".encode())
                contract._telmico_sign("paper", link.partner_id.name, scan=scan, scan_name=f"{contract.name}.pdf")
            # invoiced (not e-mailed: the demo's addresses are fictitious)
            invoices = order._create_invoices()
            invoices.action_post()
            if index % 6 == 3:
                continue  # not paid yet
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create({})._create_payments()
            if index % 3 == 0:
                for service in order.telmico_service_ids.filtered(lambda s: s.state == "in_progress"):
                    service.action_done()
        return count
