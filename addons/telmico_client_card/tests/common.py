from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger
from simulators.base import demo_world

demo_data = demo_world()

# the subscriber of the clients the tests look for: a flat in Vake with a debt of 250 GEL
GIORGI_SUBSCRIBER = {
    "number": "1000000001",
    "holder_name": "გიორგი ბერიძე",
    "holder_type": "person",
    "personal_number": "01024053111",
    "company_id": None,
    "phone": "+995599123456",
    "email": "giorgi.beridze@example.ge",
    "address": {
        "city": "თბილისი",
        "district": "ვაკე",
        "street": "ჭავჭავაძის გამზირი",
        "building": "12",
        "apartment": "45",
        "zip": "0179",
    },
    "meters": ["77001234"],
    "balance": "250.00",
}


def mirror_subscribers(env, *records):
    """Subscribers as billing sends them, applied through the real sync; returned in the order given.

    Each record is ``(index, overrides)``: the demo world's subscriber ``index`` with ``overrides`` on top.
    """
    backend = env.ref("telmico_client_card.billing_backend_main").with_context(telmico_billing_sync=True)
    run = env["telmico.billing.sync.run"].create({"backend_id": backend.id, "kind": "file"})
    payloads = [dict(demo_data.subscriber(index), **overrides) for index, overrides in records]
    backend._apply_subscriber_records(payloads, run)
    Subscriber = env["telmico.subscriber"]
    return Subscriber.browse([Subscriber.search([("number", "=", p["number"])]).id for p in payloads])


def link_client(env, partner, subscriber, role="owner"):
    """Link ``partner`` to ``subscriber`` with the shipped role ``role`` (owner, tenant, family, ...)."""
    return env["telmico.subscriber.link"].create(
        {
            "partner_id": partner.id,
            "subscriber_id": subscriber.id,
            "role_id": env.ref(f"telmico_client_card.link_role_{role}").id,
        }
    )


class ClientCardCase(TransactionCase):
    """Users of every role, a billing connector and three subscribers mirrored through the sync."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, mail_create_nolog=True, no_reset_password=True)
        )
        cls.user = new_test_user(
            cls.env, login="cc_user", groups="telmico_client_card.group_client_card_user", name="ნინო ოპერატორი"
        )
        cls.supervisor = new_test_user(
            cls.env, login="cc_supervisor", groups="telmico_client_card.group_client_card_supervisor"
        )
        cls.manager = new_test_user(cls.env, login="cc_manager", groups="telmico_client_card.group_client_card_manager")
        cls.backend = cls.env.ref("telmico_client_card.billing_backend_main")
        cls.role_owner = cls.env.ref("telmico_client_card.link_role_owner")
        cls.role_family = cls.env.ref("telmico_client_card.link_role_family")
        cls.role_tenant = cls.env.ref("telmico_client_card.link_role_tenant")
        cls.sync_run = cls.env["telmico.billing.sync.run"].create({"backend_id": cls.backend.id, "kind": "file"})
        records = [demo_data.subscriber(i) for i in range(3)]
        records[0].update(GIORGI_SUBSCRIBER)
        cls.backend.with_context(telmico_billing_sync=True)._apply_subscriber_records(records, cls.sync_run)
        Subscriber = cls.env["telmico.subscriber"]
        cls.sub1, cls.sub2, cls.sub3 = (Subscriber.search([("number", "=", r["number"])]) for r in records)

    def flush_tracking(self):
        """Write pending tracking values, as a commit would (same as mail's tests)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    @classmethod
    def _client(cls, **vals):
        """A client (``is_client``), as the client card creates them."""
        vals.setdefault("is_client", True)
        vals.setdefault("name", " ".join(filter(None, [vals.get("first_name"), vals.get("last_name")])) or "კლიენტი")
        return cls.env["res.partner"].create(vals)


class BillingRecordCase(ClientCardCase):
    """Billing records applied as one push run: the records of the demo world, what was refused and why."""

    QUIET = "odoo.addons.telmico_client_card.models.telmico_billing_sync_run"

    def setUp(self):
        super().setUp()
        self.sync = self.backend.with_context(telmico_billing_sync=True)
        self.run = self.env["telmico.billing.sync.run"].create({"backend_id": self.backend.id, "kind": "push"})

    def _record(self, index, **overrides):
        return dict(demo_data.subscriber(index), **overrides)

    def _apply(self, records):
        with mute_logger(self.QUIET):
            stats = self.sync._apply_subscriber_records(records, self.run)
        self.env.invalidate_all()
        return stats

    def _refused(self):
        return {e.reference: e.reason for e in self.run.error_ids}
