from unittest.mock import patch

from odoo import Command
from odoo.tests import Form

from ..models.res_partner import ResPartner
from .common import ClientCardCase, demo_data, link_client, mirror_subscribers


class TestClientDebt(ClientCardCase):
    """The client's debt is stored and searchable, and follows the billing sync's changes in one batch."""

    def _push(self, *records):
        run = self.env["telmico.billing.sync.run"].create({"backend_id": self.backend.id, "kind": "push"})
        self.backend.with_context(telmico_billing_sync=True)._apply_subscriber_records(list(records), run)

    def test_debt_stored_and_searchable(self):
        client = self._client(first_name="გიორგი", last_name="ბერიძე")
        link_client(self.env, client, self.sub1)
        link_client(self.env, client, self.sub1, role="payer")  # the same subscriber under two roles counts once
        self.assertEqual(client.total_debt, 250.0)
        Partner = self.env["res.partner"]
        self.assertIn(client, Partner.search([("total_debt", ">", 200)]))
        self.assertNotIn(client, Partner.search([("total_debt", ">", 300)]))
        self.env.cr.execute("SELECT total_debt FROM res_partner WHERE id = %s", [client.id])
        self.assertEqual(self.env.cr.fetchone()[0], 250.0, "the debt is a column of the client")

    def test_debt_shown_on_a_card_being_edited(self):
        client = self._client(first_name="ნინო", last_name="კაპანაძე")
        with Form(client) as form:
            with form.subscriber_link_ids.new() as link:
                link.subscriber_id = self.sub1
                link.role_id = self.role_owner
            self.assertEqual(form.total_debt, 250.0, "before saving")
        self.assertEqual(client.total_debt, 250.0)

    def test_debt_of_a_new_card_computed_before_its_insert(self):
        """A card's debt is computed with the card, from the links given with it: a contact without links costs no
        query of its own (the mail gateway creates one for each unknown sender)."""
        computed_on = []
        original = ResPartner._compute_total_debt

        def recording(partners):
            computed_on.extend(bool(partner.id) for partner in partners)
            return original(partners)

        with patch.object(ResPartner, "_compute_total_debt", recording):
            contact = self.env["res.partner"].create({"name": "ლევან მაისურაძე", "is_client": True})
            self.env.flush_all()
        self.assertEqual(computed_on, [False], "computed once, before the insert")
        self.assertFalse(contact.total_debt)
        client = self.env["res.partner"].create(
            {
                "name": "თამარ ლომიძე",
                "is_client": True,
                "subscriber_link_ids": [Command.create({"subscriber_id": self.sub1.id, "role_id": self.role_owner.id})],
            }
        )
        self.env.flush_all()
        self.env.cr.execute("SELECT total_debt FROM res_partner WHERE id = %s", [client.id])
        self.assertEqual(self.env.cr.fetchone()[0], 250.0)

    def test_billing_change_updates_debts_in_one_batch(self):
        subscribers = mirror_subscribers(self.env, *((i, {"balance": "10.00"}) for i in range(10, 20)))
        clients = self.env["res.partner"].create(
            [{"name": f"კლიენტი {i}", "is_client": True} for i in range(len(subscribers))]
        )
        for client, subscriber in zip(clients, subscribers, strict=True):
            link_client(self.env, client, subscriber)
        self.env.flush_all()
        self.assertEqual(set(clients.mapped("total_debt")), {10.0})
        calls = []
        original = ResPartner._compute_total_debt

        def counting(partners):
            calls.append(len(partners))
            return original(partners)

        records = [
            dict(demo_data.subscriber(i), balance="75.50", updated_at="2026-11-29T08:00:00Z") for i in range(10, 20)
        ]
        with patch.object(ResPartner, "_compute_total_debt", counting):
            self._push(*records)
            self.env.flush_all()
        self.assertEqual(calls, [10], "the ten clients are recomputed together, once")
        clients.invalidate_recordset(["total_debt"])
        self.assertEqual(set(clients.mapped("total_debt")), {75.5})
        self.assertEqual(self.env["res.partner"].search([("total_debt", ">", 50), ("id", "in", clients.ids)]), clients)
        # a paid debt leaves the audience of debtors
        self._push(dict(demo_data.subscriber(10), balance="-5.00", updated_at="2026-11-29T09:00:00Z"))
        self.assertFalse(self.env["res.partner"].search([("total_debt", ">", 0), ("id", "=", clients[0].id)]))
