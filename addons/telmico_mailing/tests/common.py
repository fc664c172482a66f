from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.tests import TransactionCase, new_test_user


def _subscriber(district, balance, tariff="RES-1", status="active", receipts=()):
    """Overrides of a demo subscriber: its district, debt, tariff, status and bills (no history)."""
    return {
        "address": {
            "city": "თბილისი",
            "district": district,
            "street": "ვაჟა-ფშაველას გამზირი",
            "building": "10",
            "apartment": "5",
            "zip": "0186",
        },
        "balance": balance,
        "tariff": tariff,
        "status": status,
        "charges": [],
        "payments": [],
        "receipts": list(receipts),
    }


def create_mailing_world(env):
    """Segments, three subscribers and three clients with different consents; returned as a dict.

    - ნინო (VIP): Saburtalo, debt 120, RES-1, active; SMS, e-mail and marketing consents; birthday 30 November;
      a bill of 120 due on 3 December 2026.
    - ლევან (regular): Vake, debt 80, RES-2; e-mail consent only.
    - თამარ (VIP): Saburtalo, debt 10, suspended; SMS consent, no marketing consent.
    """
    Segment = env["telmico.client.segment"]
    vip = Segment.create({"name": "VIP", "code": "test_vip"})
    regular = Segment.create({"name": "ჩვეულებრივი", "code": "test_regular"})
    receipt = {
        "id": "R-TEST-202611",
        "number": "202611-TEST",
        "period": "2026-11",
        "date": "2026-11-20",
        "due_date": "2026-12-03",
        "kwh": 300,
        "amount": "120.00",
        "previous_balance": "0.00",
    }
    sub_a, sub_b, sub_c = mirror_subscribers(
        env,
        (40, _subscriber("საბურთალო", "120.00", receipts=[receipt])),
        (41, _subscriber("ვაკე", "80.00", tariff="RES-2")),
        (42, _subscriber("საბურთალო", "10.00", status="suspended")),
    )
    Partner = env["res.partner"]
    nino = Partner.create(
        {
            "name": "ნინო კაპანაძე",
            "is_client": True,
            "mobile": "+995599100201",
            "email": "nino.kapanadze@example.ge",
            "consent_sms": True,
            "consent_email": True,
            "consent_marketing": True,
            "segment_id": vip.id,
            "birthday": "1990-11-30",
            "preferred_channel": "sms",
        }
    )
    levan = Partner.create(
        {
            "name": "ლევან გელაშვილი",
            "is_client": True,
            "mobile": "+995599100202",
            "email": "levan.gelashvili@example.ge",
            "consent_email": True,
            "segment_id": regular.id,
            "birthday": "1985-11-30",
            "preferred_channel": "email",
        }
    )
    tamar = Partner.create(
        {
            "name": "თამარ ჩხეიძე",
            "is_client": True,
            "mobile": "+995599100203",
            "consent_sms": True,
            "segment_id": vip.id,
            "birthday": "1979-11-30",
        }
    )
    for client, subscriber in ((nino, sub_a), (levan, sub_b), (tamar, sub_c)):
        link_client(env(context=dict(env.context, telmico_link_bulk=True)), client, subscriber)
    return {
        "vip": vip,
        "regular": regular,
        "sub_a": sub_a,
        "sub_b": sub_b,
        "sub_c": sub_c,
        "nino": nino,
        "levan": levan,
        "tamar": tamar,
    }


class MailingCase(TransactionCase):
    """Mailing users and a small world of clients (see ``create_mailing_world``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True, no_reset_password=True)
        )
        cls.user = new_test_user(
            cls.env, login="mailing_user", groups="telmico_mailing.group_mailing_user", name="მარიამ მარკეტერი"
        )
        cls.manager = new_test_user(cls.env, login="mailing_manager", groups="telmico_mailing.group_mailing_manager")
        world = create_mailing_world(cls.env)
        for key, value in world.items():
            setattr(cls, key, value)
        cls.clients = cls.nino | cls.levan | cls.tamar
        cls.partner_model = cls.env["ir.model"]._get("res.partner")

    @classmethod
    def _audience(cls, **vals):
        vals.setdefault("name", "აუდიტორია")
        return cls.env["telmico.mailing.audience"].create(vals)

    def _mailing(self, mailing_type="sms", kind="advertising", **vals):
        """A draft mailing of ``mailing_type`` to the three test clients."""
        values = {
            "subject": "შეტყობინება",
            "mailing_type": mailing_type,
            "mailing_kind": kind,
            "mailing_model_id": self.partner_model.id,
            "mailing_domain": repr([("id", "in", self.clients.ids)]),
        }
        if mailing_type == "sms":
            values["body_plaintext"] = "გთხოვთ, გადაიხადოთ დავალიანება."
        else:
            values["body_html"] = '<p>გამარჯობა, <t t-out="object.name"/>!</p>'
        values.update(vals)
        return self.env["mailing.mailing"].create(values)
