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
        portal = self.env["res.users"].search([("login", "=", "portal")], limit=1)
        if portal:
            self.env["telmico.mailing.message"].create(
                [
                    {"partner_id": portal.partner_id.id, "name": name, "body": body, "is_read": read}
                    for name, body, read in CABINET_MESSAGES
                ]
            )
        return len(audiences)
