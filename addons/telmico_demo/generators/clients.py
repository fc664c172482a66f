import base64
import logging
import time

from odoo.addons.telmico_client_card.tools.batch import commit_chunk
from odoo.exceptions import UserError
from odoo.tools import SQL, file_open

from ..tools import demo_data
from .base import DemoGenerator

_logger = logging.getLogger(__name__)

BATCH = 1000


class ClientsDemo(DemoGenerator):
    """The client card's demo: the company, front-office staff, subscribers pulled from billing, clients, debt cases."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        """Create ``size`` clients and their billing subscribers; returns counts by kind.

        Subscribers enter only through the billing connector: pulled from the billing
        simulator at ``billing_url`` when given, else applied straight from the same
        generated records. Everything is created in batches, one commit per batch when
        ``commit`` (never in tests).
        """
        t0 = time.time()
        seed = demo_data.DEFAULT_SEED if seed is None else seed
        self._generate_company()
        stats = {"users": self._generate_users()}
        stats["subscribers"] = self._generate_subscribers(size, seed, billing_url, commit)
        stats["clients"], stats["links"] = self._generate_clients(size, seed, commit)
        stats["debt_cases"] = self._generate_debt_cases(seed)
        stats["duplicate_pairs"] = self.env["telmico.client.duplicate"]._cron_detect()
        _logger.info("Demo data (size %s) generated in %.1fs: %s", size, time.time() - t0, stats)
        return stats

    def _generate_company(self):
        """The demo company is Telmico, in Tbilisi, keeping its books in lari."""
        company = self.env.company
        gel = self.env.ref("base.GEL")
        gel.active = True
        with file_open("telmico_demo/static/img/telmico_logo.png", "rb") as logo:
            # the logo of the login page, the cabinet and the documents (instead of core's "Your logo")
            logo_data = base64.b64encode(logo.read())
        vals = {
            "name": "შპს „თელმიკო“",
            "street": "ო. ჩხეიძის ქ. 10",
            "city": "თბილისი",
            "zip": "0186",
            "country_id": self.env.ref("base.ge").id,
            "phone": "+995599349494",
            "email": "info@telmico.ge",
            "logo": logo_data,
        }
        # the currency can only change while no journal item uses it (no accounting yet on a demo base)
        # sudo: any journal item of any company blocks the change
        if "account.move.line" not in self.env or not self.env["account.move.line"].sudo().search_count([], limit=1):
            vals["currency_id"] = gel.id
        company.write(vals)

    def _generate_users(self):
        """Demo staff (password = login, demo databases only), Georgian interface when installed."""
        lang = "ka_GE" if self.env["res.lang"]._lang_get("ka_GE") else "en_US"
        staff = [
            ("operator", "ნინო კვარაცხელია", "telmico_client_card.group_client_card_user"),
            ("supervisor", "დავით ჯანელიძე", "telmico_client_card.group_client_card_supervisor"),
        ]
        Users = self.env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        created = 0
        for login, name, group in staff:
            if not Users.search_count([("login", "=", login)]):
                Users.create(
                    {
                        "login": login,
                        "password": login,
                        "name": name,
                        "lang": lang,
                        "tz": "Asia/Tbilisi",
                        "groups_id": [(6, 0, [self.env.ref("base.group_user").id, self.env.ref(group).id])],
                    }
                )
                created += 1
        return created

    def _generate_subscribers(self, size, seed, billing_url, commit):
        backend = self.env.ref("telmico_client_card.billing_backend_main").with_context(telmico_billing_sync=True)
        if billing_url:
            # no secret in the source: the connector pulls with the token `make run` generated and
            # gave the simulator (tools/generate_demo.py sets it); its push secret was generated at install
            backend.write({"base_url": billing_url, "page_size": 500})
            run = backend._sync_pull()
            if run.state == "failed":  # e.g. no token or not the simulator's: an empty demo would hide it
                raise UserError(run.message)
            return run.created_count + run.updated_count
        run = self.env["telmico.billing.sync.run"].create({"backend_id": backend.id, "kind": "file"})
        total = demo_data.subscriber_count(size)
        for start in range(0, total, BATCH):
            backend._apply_subscriber_records(list(demo_data.subscribers(start, min(start + BATCH, total), seed)), run)
            if commit:
                commit_chunk(self.env)
        run.write({"state": "done"})
        return total

    def _generate_clients(self, size, seed, commit):
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True, mail_create_nosubscribe=True
        )
        georgia = self.env.ref("base.ge")
        segments = {s.code: s.id for s in self.env["telmico.client.segment"].search([])}
        roles = {r.code: r.id for r in self.env["telmico.link.role"].search([])}
        langs = set(self.env["res.lang"].search([]).mapped("code"))
        n_clients = n_links = 0
        batch = []

        def flush(batch):
            partners = Partner.create([vals for vals, _links in batch])
            numbers = {link["subscriber"] for _vals, links in batch for link in links}
            self.env.cr.execute(
                SQL("SELECT number, id FROM telmico_subscriber WHERE number IN %s", tuple(numbers) or ("",))
            )
            sub_ids = dict(self.env.cr.fetchall())
            link_vals = [
                {"partner_id": partner.id, "subscriber_id": sub_ids[link["subscriber"]], "role_id": roles[link["role"]]}
                for partner, (_vals, links) in zip(partners, batch, strict=True)
                for link in links
                if link["subscriber"] in sub_ids
            ]
            # the generated clients already carry their subscribers' data: skip the copy and the chatter notes
            self.env["telmico.subscriber.link"].with_context(telmico_link_bulk=True).create(link_vals)
            if commit:
                commit_chunk(self.env)
            return len(link_vals)

        for client in demo_data.clients(size, seed):
            vals = {
                "name": client["name"],
                "ref": client["ref"],
                "is_company": client["company_type"] == "company",
                "is_client": True,
                "first_name": client.get("first_name"),
                "last_name": client.get("last_name"),
                "personal_number": client.get("personal_number"),
                "company_registry": client.get("company_registry"),
                "mobile": client.get("mobile"),
                "phone": client.get("phone"),
                "email": client.get("email"),
                "street": client.get("street"),
                "street2": client.get("street2"),
                "city": client.get("city"),
                "zip": client.get("zip"),
                "country_id": georgia.id,
                "birthday": client.get("birthday"),
                "segment_id": segments.get(client.get("segment")),
                "lang": client.get("lang") if client.get("lang") in langs else False,
                "identity_confirmed": bool(client.get("personal_number") or client.get("company_registry")),
                "consent_sms": bool(client.get("mobile")),
                "consent_email": bool(client.get("email")),
                "preferred_channel": "sms" if client.get("mobile") else "phone",
            }
            batch.append(({k: v for k, v in vals.items() if v is not None}, client.get("links", [])))
            n_clients += 1
            if len(batch) >= BATCH:
                n_links += flush(batch)
                batch = []
        if batch:
            n_links += flush(batch)
        return n_clients, n_links

    def _generate_debt_cases(self, seed):
        """Pre-court cases for the biggest debtors, court cases for a few of them."""
        self.env.cr.execute(
            SQL(
                """SELECT l.partner_id, s.id, s.debt FROM telmico_subscriber s
                     JOIN telmico_subscriber_link l ON l.subscriber_id = s.id
                     JOIN telmico_link_role r ON r.id = l.role_id AND r.is_owner
                    WHERE s.debt > 150 ORDER BY s.debt DESC, s.id LIMIT %s""",
                200,
            )
        )
        rows = self.env.cr.fetchall()
        cases = [
            {
                "name": f"{'სს' if i % 5 == 0 else 'წს'}-{seed % 1000:03d}/{i + 1:04d}",
                "partner_id": partner_id,
                "subscriber_id": subscriber_id,
                "kind": "court" if i % 5 == 0 else "pre_court",
                "amount": debt,
                "court": "თბილისის საქალაქო სასამართლო" if i % 5 == 0 else False,
            }
            for i, (partner_id, subscriber_id, debt) in enumerate(rows)
        ]
        self.env["telmico.debt.case"].with_context(tracking_disable=True, mail_create_nolog=True).create(cases)
        return len(cases)
