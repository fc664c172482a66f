import random
from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from .kb import KbDemo

# (key, values): saved audiences ("segments" are codes of client segments)
AUDIENCES = [
    (
        "debt_saburtalo",
        {
            "name": "დავალიანება 50 ლარზე მეტი — საბურთალო",
            "min_debt": 50,
            "districts": "საბურთალო",
            "description": "საბურთალოს აბონენტები 50 ლარზე მეტი დავალიანებით: გადახდის შეხსენებისთვის.",
        },
    ),
    (
        "vip_marketing",
        {
            "name": "VIP კლიენტები მარკეტინგზე თანხმობით",
            "segments": ["vip"],
            "consent_marketing": True,
            "description": "VIP კლიენტები, რომლებიც სარეკლამო შეტყობინებებზე თანახმა არიან.",
        },
    ),
]

TRIGGERS = [
    {
        "name": "დაბადების დღის მილოცვა — VIP",
        "trigger_type": "birthday",
        "channel": "sms",
        "segments": ["vip"],
        "body": "{{ object.name }}, გილოცავთ დაბადების დღეს! გისურვებთ ნათელ დღეებს. Telmico",
    },
    {
        "name": "ქვითრის გადახდის შეხსენება",
        "trigger_type": "due_date",
        "days_before": 3,
        "channel": "cabinet",
        "subject": "ქვითრის გადახდის ვადა: {{ receipt.due_date }}",
        "body": "{{ object.name }}, შეგახსენებთ, რომ {{ receipt.due_date }}-მდე გადასახდელია "
        "{{ receipt.amount_due }} ლარი.",
    },
]

# campaigns sent before the demo's day, so that their statistics, the mailing dashboard and the clients'
# communications show real figures: (days ago, values, [(trace status, failure type, share)])
SENT_CAMPAIGNS = [
    (
        18,
        {
            "subject": "ოქტომბრის ქვითრის გადახდის შეხსენება",
            "mailing_type": "sms",
            "mailing_kind": "transactional",
            "body_plaintext": "ძვირფასო აბონენტო, ოქტომბრის ქვითრის გადახდის ვადა 25 ნოემბერს იწურება. "
            "გადაიხადეთ telmico.ge-ზე ან ნებისმიერ სალაროში. Telmico",
        },
        [
            ("sent", False, 0.86),
            ("pending", False, 0.04),
            ("error", "sms_not_delivered", 0.04),
            ("error", "sms_number_format", 0.03),
            ("cancel", "sms_optout", 0.03),
        ],
    ),
    (
        9,
        {
            "subject": "ახალი ტარიფები 2026 წლის 1 იანვრიდან",
            "mailing_type": "mail",
            "mailing_kind": "transactional",
            "body_html": "<p>ძვირფასო აბონენტო,</p><p>2026 წლის 1 იანვრიდან მოქმედებს ახალი საყოფაცხოვრებო "
            "ტარიფები. დეტალები და კალკულატორი იხილეთ ჩვენს ვებგვერდზე.</p><p>პატივისცემით,<br/>Telmico</p>",
        },
        [
            ("sent", False, 0.48),
            ("open", False, 0.38),
            ("reply", False, 0.02),
            ("bounce", "mail_bounce", 0.06),
            ("error", "mail_email_invalid", 0.03),
            ("cancel", "mail_optout", 0.03),
        ],
    ),
]

CABINET_MESSAGES = [
    (
        "ახალი ტარიფები 2026 წლის 1 იანვრიდან",
        "<p>ძვირფასო აბონენტო, 2026 წლის 1 იანვრიდან მოქმედებს ახალი საყოფაცხოვრებო ტარიფები. "
        "დეტალები იხილეთ ჩვენს ვებგვერდზე.</p>",
        True,
    ),
    (
        "ქვითრის გადახდის შეხსენება",
        "<p>შეგახსენებთ, რომ ნოემბრის ქვითრის გადახდის ვადა 25 დეკემბერს იწურება.</p>",
        False,
    ),
]


class MailingDemo(KbDemo):
    """Mailing: saved audiences, a draft debt-reminder SMS, event-driven mailings, the portal customer's inbox."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        stats["mailing_audiences"] = self.with_context(
            tracking_disable=True, mail_create_nolog=True
        )._generate_mailing()
        return stats

    def _generate_mailing(self):
        Audience = self.env["telmico.mailing.audience"]
        if Audience.search_count([], limit=1):
            return 0
        segments = {s.code: s.id for s in self.env["telmico.client.segment"].search([])}
        audiences = {}
        for key, spec in AUDIENCES:
            values = dict(spec)
            values["segment_ids"] = [Command.set([segments[c] for c in values.pop("segments", []) if c in segments])]
            audiences[key] = Audience.create(values)
        debt = audiences["debt_saburtalo"]
        self.env["mailing.mailing"].create(
            {
                "subject": "დავალიანების შეხსენება — საბურთალო",
                "mailing_type": "sms",
                "mailing_kind": "transactional",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                # the mailing lists open on "my mailings": the demo's mailings are the administrator's
                "user_id": self.env.ref("base.user_admin").id,
                "audience_id": debt.id,
                "body_plaintext": "ძვირფასო აბონენტო, თქვენს ანგარიშზე ფიქსირდება დავალიანება. "
                "გთხოვთ, დროულად დაფაროთ იგი. Telmico",
            }
        )
        # the mailboxes e-mail mailings are sent from; the marketing one for the mailing administrators only
        self.env["telmico.mailing.mailbox"].create(
            [
                {"name": "მომხმარებელთა მომსახურება", "email_from": "Telmico <info@telmico.ge>"},
                {
                    "name": "მარკეტინგი",
                    "email_from": "Telmico <news@telmico.ge>",
                    "group_ids": [Command.set(self.env.ref("telmico_mailing.group_mailing_manager").ids)],
                },
            ]
        )
        for spec in TRIGGERS:
            values = dict(spec)
            values["segment_ids"] = [Command.set([segments[c] for c in values.pop("segments", []) if c in segments])]
            self.env["telmico.mailing.trigger"].create(values)
        self._generate_sent_campaigns(audiences)
        portal = self.env["res.users"].search([("login", "=", "portal")], limit=1)
        if portal:
            self.env["telmico.mailing.message"].create(
                [
                    {"partner_id": portal.partner_id.id, "name": name, "body": body, "is_read": read}
                    for name, body, read in CABINET_MESSAGES
                ]
            )
        return len(audiences)

    def _generate_sent_campaigns(self, audiences, limit=400):
        """Campaigns already sent, with a trace per recipient in the statuses their delivery reports gave."""
        rng = random.Random(13)
        Partner = self.env["res.partner"]
        mailbox = self.env["telmico.mailing.mailbox"].search([("email_from", "ilike", "news@telmico.ge")], limit=1)
        for days_ago, spec, outcomes in SENT_CAMPAIGNS:
            sent_at = fields.Datetime.now() - timedelta(days=days_ago, hours=rng.randint(0, 6))
            sms = spec["mailing_type"] == "sms"
            field = "phone_sanitized" if sms else "email"
            audience = audiences["debt_saburtalo"] if sms else None
            domain = audience._get_domain() if audience else [("is_client", "=", True)]
            clients = Partner.search([*domain, (field, "!=", False)], order="id", limit=limit)
            if not clients:
                continue
            values = {
                **spec,
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "user_id": self.env.ref("base.user_admin").id,
            }
            if audience:
                values["audience_id"] = audience.id
            else:
                values["mailing_domain"] = repr([("id", "in", clients.ids)])
                values["mailbox_id"] = mailbox.id
            mailing = self.env["mailing.mailing"].create(values)
            statuses = rng.choices(
                [(status, failure) for status, failure, _share in outcomes],
                weights=[share for _status, _failure, share in outcomes],
                k=len(clients),
            )
            self.env["mailing.trace"].create(
                [
                    {
                        "mass_mailing_id": mailing.id,
                        "trace_type": "sms" if sms else "mail",
                        "model": "res.partner",
                        "res_id": client.id,
                        "sms_number" if sms else "email": client[field],
                        "trace_status": status,
                        "failure_type": failure,
                        "sent_datetime": sent_at if status != "cancel" else False,
                        "open_datetime": sent_at + timedelta(hours=rng.randint(1, 48))
                        if status in ("open", "reply")
                        else False,
                    }
                    for client, (status, failure) in zip(clients, statuses, strict=True)
                ]
            )
            mailing.write({"state": "done", "sent_date": sent_at, "kpi_mail_required": False})
