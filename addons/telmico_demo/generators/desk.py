import random
from datetime import timedelta
from email.message import EmailMessage

from markupsafe import Markup

from odoo import fields
from odoo.fields import Command

from .services import ServicesDemo

# (login, name, groups, team code)
DESK_STAFF = [
    ("desk_1", "მარიამ გიორგაძე", ("telmico_desk.group_desk_user",), "support"),
    ("desk_2", "ლუკა ხარაიშვილი", ("telmico_desk.group_desk_user",), "support"),
    ("chat_1", "ანა ბერიძე", ("telmico_desk.group_desk_user", "im_livechat.im_livechat_group_user"), "online"),
    ("hotline_1", "სანდრო მამულაშვილი", ("telmico_desk.group_desk_user",), "hotline"),
]
TEAMS = {
    "online": ("ელექტრონული არხები", "online"),
    "hotline": ("ცხელი ხაზი", "hotline"),
}
CATEGORIES = ["დარიცხვა და გადახდა", "მრიცხველი", "ელექტრომომარაგება", "ხელშეკრულება", "ინფორმაცია"]
TAGS = [("ავარია", 1), ("VIP", 3), ("განმეორებითი", 4), ("სასამართლო", 9)]
SUBJECTS = [
    ("ოქტომბრის ქვითარი არ მომსვლია", "დარიცხვა და გადახდა"),
    ("დარიცხული თანხა ძალიან მაღალია", "დარიცხვა და გადახდა"),
    ("გადახდა არ აისახა ბალანსზე", "დარიცხვა და გადახდა"),
    ("მრიცხველი არ მუშაობს", "მრიცხველი"),
    ("მრიცხველის ჩვენება არასწორად არის აღებული", "მრიცხველი"),
    ("შუქი არ არის სადარბაზოში", "ელექტრომომარაგება"),
    ("ძაბვა ხშირად ვარდება", "ელექტრომომარაგება"),
    ("ხელშეკრულების ასლი მჭირდება", "ხელშეკრულება"),
    ("ოპერატორის ქცევა არ მომეწონა", "საჩივარი"),
    ("როგორ შევცვალო ტარიფი?", "ინფორმაცია"),
]
BODIES = [
    "გამარჯობა, გთხოვთ გადაამოწმოთ ჩემი აბონენტის მონაცემები.",
    "უკვე მესამედ გწერთ ამ საკითხზე, გთხოვთ მიპასუხოთ.",
    "დამირეკეთ ნებისმიერ დროს, მადლობა წინასწარ.",
    "თანდართულია ქვითრის ფოტო.",
]
# channel: share of the demo requests
CHANNEL_MIX = [
    ("phone", 30),
    ("walk_in", 20),
    ("email", 20),
    ("portal", 10),
    ("chat", 8),
    ("messenger", 6),
    ("letter", 4),
    ("api", 2),
]
STATE_MIX = [("new", 15), ("in_progress", 30), ("pending", 10), ("resolved", 20), ("closed", 20), ("cancelled", 5)]


class DeskDemo(ServicesDemo):
    """The Desk's demo: teams, staff, routing rules and requests on every channel and in every state."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        demo = self.with_context(mail_notify_force_send=False)
        teams = demo._generate_desk_teams()
        demo._generate_desk_catalogue()
        demo._generate_routing_rules(teams)
        stats["requests"] = demo._generate_requests(teams, size, seed or 1)
        # the demo clients' addresses are fictitious: what was written to them stays in the
        # chatters, nothing is mailed (the queue would only fill with failures); the clients' automatic
        # notifications are posted at the end of the transaction (the e-mailed requests' by a cron): post them now,
        # then cancel them too
        # sudo: as the cron that acknowledges e-mailed requests runs
        while self.env["telmico.request"].sudo()._cron_acknowledge():
            pass
        self.env.cr.flush()
        # sudo: the queued mails and SMS of every user's notifications, as the mail queue's cron sees them
        self.env["sms.sms"].sudo().search(
            [("state", "=", "outgoing"), ("mail_message_id.model", "=", "telmico.request")]
        ).write({"state": "canceled"})
        self.env["mail.mail"].sudo().search(
            [("state", "=", "outgoing"), ("model", "in", ("telmico.request", "telmico.service", "discuss.channel"))]
        ).write({"state": "cancel"})
        return stats

    def _generate_desk_teams(self):
        """Three front-office teams with their mailboxes; the demo staff land on the Desk."""
        Users = self.env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        lang = self._demo_lang()
        desk_action = self.env.ref("telmico_desk.telmico_desk_action")
        support = self.env.ref("telmico_desk.desk_team_support")
        support.with_context(lang=lang).name = "მომხმარებელთა მომსახურება"
        teams = {"support": support}
        for code, (name, alias) in TEAMS.items():
            teams[code] = self.env["telmico.desk.team"].search([("alias_name", "=", alias)], limit=1) or self.env[
                "telmico.desk.team"
            ].create({"name": name, "alias_name": alias})
        members = dict.fromkeys(teams, self.env["res.users"])
        for login, name, groups, team in DESK_STAFF:
            user = Users.search([("login", "=", login)], limit=1) or Users.create(
                {
                    "login": login,
                    "password": login,
                    "name": name,
                    "email": f"{login}@telmico.ge",
                    "lang": lang,
                    "tz": "Asia/Tbilisi",
                    "groups_id": [Command.link(self.env.ref(group).id) for group in groups],
                }
            )
            members[team] |= user
        operator = Users.search([("login", "=", "operator")], limit=1)
        supervisor = Users.search([("login", "=", "supervisor")], limit=1)
        operator.write({"groups_id": [Command.link(self.env.ref("telmico_desk.group_desk_user").id)]})
        supervisor.write({"groups_id": [Command.link(self.env.ref("telmico_desk.group_desk_leader").id)]})
        members["support"] |= operator
        for user in (operator | supervisor).filtered(lambda u: not u.email):
            user.email = f"{user.login}@telmico.ge"  # replies to clients go out under the agent's name
        for code, team in teams.items():
            team.write({"member_ids": [Command.link(user.id) for user in members[code]]})
        teams["support"].leader_id = supervisor
        (operator | supervisor | members["support"] | members["online"] | members["hotline"]).write(
            {"action_id": desk_action.id}
        )
        return teams

    def _demo_lang(self):
        return "ka_GE" if self.env["res.lang"]._lang_get("ka_GE") else "en_US"

    def _generate_desk_catalogue(self):
        for sequence, name in enumerate(CATEGORIES):
            if not self.env["telmico.request.category"].search_count([("name", "=", name)]):
                self.env["telmico.request.category"].create({"name": name, "sequence": sequence})
        for name, color in TAGS:
            if not self.env["telmico.request.tag"].search_count([("name", "=", name)]):
                self.env["telmico.request.tag"].create({"name": name, "color": color})

    def _generate_routing_rules(self, teams):
        """Rules as a Tbilisi front office would set them: outages to the hotline, VIPs first, mails online."""
        Rule = self.env["telmico.desk.routing.rule"]
        if Rule.search_count([]):
            return
        tags = {tag.name: tag for tag in self.env["telmico.request.tag"].search([])}
        Rule.create(
            [
                {
                    "name": "ავარია და ელექტრომომარაგება",
                    "sequence": 1,
                    "keywords": "შუქი არ არის, ძაბვა, ავარია, გათიშვა",
                    "team_id": teams["hotline"].id,
                    "set_priority": "3",
                    "tag_ids": [Command.set(tags["ავარია"].ids)] if "ავარია" in tags else [],
                },
                {
                    "name": "VIP კლიენტები",
                    "sequence": 2,
                    "segment_ids": [Command.set(self.env.ref("telmico_client_card.segment_vip").ids)],
                    "set_priority": "2",
                    "tag_ids": [Command.set(tags["VIP"].ids)] if "VIP" in tags else [],
                    "stop_processing": False,
                },
                {"name": "ელ. ფოსტა და ჩატი", "sequence": 10, "channel": "email", "team_id": teams["online"].id},
                {"name": "პირადი კაბინეტი", "sequence": 11, "channel": "portal", "team_id": teams["support"].id},
            ]
        )
        teams["online"].assignment_method = "manual"  # e-mails wait on the Desk to be taken
        teams["hotline"].assignment_method = "round_robin"

    def _generate_requests(self, teams, size, seed):
        """Requests on every channel and in every state, spread over the last weeks, as the front office made them."""
        Request = self.env["telmico.request"]
        if Request.search_count([("state", "!=", "draft")], limit=1):
            return 0
        rng = random.Random(seed)
        clients = self.env["res.partner"].search(
            [("ref", "=like", "C0%"), ("subscriber_link_ids", "!=", False), ("email", "!=", False)],
            limit=max(30, min(size // 15, 300)),
            order="id",
        )
        if not clients:
            return 0
        categories = {c.name: c for c in self.env["telmico.request.category"].search([])}
        # complaints follow the statutory SLA policy shipped with its category
        categories["საჩივარი"] = self.env.ref("telmico_desk.category_complaint")
        tags = self.env["telmico.request.tag"].search([])
        templates = self.env["telmico.service.template"].search([("kind", "=", "simple"), ("data_change", "=", "none")])
        agents = teams["support"].member_ids | teams["hotline"].member_ids
        chat_agent = teams["online"].member_ids[:1] or agents[:1]
        channels = [c for c, weight in CHANNEL_MIX for _i in range(weight)]
        states = [s for s, weight in STATE_MIX for _i in range(weight)]
        portal_client = self._generate_portal_client(clients[0])
        created = 0
        for index, client in enumerate(clients):
            channel = channels[rng.randrange(len(channels))]
            subject, category = SUBJECTS[rng.randrange(len(SUBJECTS))]
            started = fields.Datetime.now() - timedelta(days=rng.randint(0, 30), minutes=rng.randint(0, 600))
            if channel == "email":
                request = self._demo_email_request(client, subject, teams["online"], index)
            elif channel == "chat":
                request = self._demo_chat_request(client, subject, chat_agent)
            else:
                customer = portal_client if channel == "portal" and index % 3 == 0 else client
                user = agents[rng.randrange(len(agents))] if agents else self.env.user
                request = self._demo_desk_request(customer, subject, channel, user, teams, templates, rng, started)
            request.write(
                {
                    "category_id": categories[category].id if category in categories else False,
                    "priority": rng.choice("0111223"),
                    "tag_ids": [Command.set(tags[rng.randrange(len(tags))].ids)] if tags and index % 4 == 0 else [],
                    "ted_number": f"TED-{2026}-{10000 + index}" if channel == "letter" else False,
                }
            )
            # half of the e-mails wait unprocessed on the Desk
            state = "new" if channel == "email" and index % 2 else states[rng.randrange(len(states))]
            self._demo_move(request, state, agents, rng)
            created += 1
        # abandoned registrations: the client hung up before the operator finished
        for client in clients[:3]:
            Request.with_user(agents[:1] or self.env.user).sudo().create(
                {"partner_id": client.id, "channel": "phone", "subject": "ზარი შეწყდა", "interrupted": True}
            )  # sudo: demo data is made for every team at once
        return created

    def _generate_portal_client(self, client):
        """The demo customer with a personal cabinet: login "portal", password "portal"."""
        Users = self.env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        user = Users.search([("login", "=", "portal")], limit=1)
        if not user:
            user = Users.create(
                {
                    "login": "portal",
                    "password": "portal",
                    "partner_id": client.id,
                    "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
                }
            )
        return user.partner_id

    def _demo_email_request(self, client, subject, team, index):
        """An e-mail as the gateway receives it: parsed, routed, matched to the client by address."""
        message = EmailMessage()
        message["From"] = f"{client.name} <{client.email}>"
        message["To"] = f"{team.alias_name}@telmico.ge"
        message["Subject"] = subject
        message["Message-Id"] = f"<demo-{index}-{client.id}@mail.example.ge>"
        message.set_content(f"{BODIES[index % len(BODIES)]}\n\n{client.name}")
        thread_id = (
            self.env["mail.thread"]
            # sudo: as Odoo's mail gateway delivers a mail (odoo-mailgate runs as the superuser)
            .sudo()
            .message_process("telmico.request", message.as_bytes(), custom_values={"team_id": team.id})
        )
        return self.env["telmico.request"].browse(thread_id)

    def _demo_chat_request(self, client, subject, agent):
        """A website chat of a known client, turned into a request by the operator."""
        channel = (
            self.env["discuss.channel"]
            .with_user(agent)
            # sudo: the agent's own chat (with_user keeps the author), created whatever the demo user's rights
            .sudo()
            .create(
                {
                    "name": client.name,
                    "channel_type": "livechat",
                    "livechat_operator_id": agent.partner_id.id,
                    "channel_member_ids": [
                        Command.create({"partner_id": agent.partner_id.id}),
                        Command.create({"partner_id": client.id}),
                    ],
                }
            )
        )  # sudo: demo data; the operator's own chat
        channel.message_post(author_id=client.id, body=subject, message_type="comment")
        channel.message_post(
            author_id=agent.partner_id.id,
            body=self.with_context(lang=self._demo_lang()).env._("Hello, I am checking it now."),
            message_type="comment",
        )
        channel.livechat_active = False
        # sudo: the agent gave it to the demo; the rest of the generation works as the superuser
        return channel.with_user(agent)._telmico_create_request().sudo()

    def _demo_desk_request(self, client, subject, channel, user, teams, templates, rng, started):
        """A request registered at the desk: phone, walk-in, letter, messenger, API or personal cabinet."""
        team = (
            teams["hotline"] if channel == "phone" else teams["online"] if channel == "messenger" else teams["support"]
        )
        direction = "outgoing" if channel == "phone" and rng.random() < 0.15 else "incoming"
        values = {
            "partner_id": client.id,
            "subscriber_ids": [Command.set(client.subscriber_ids[:1].ids)],
            "channel": channel,
            "direction": direction,
            "outgoing_kind": "call",
            "subject": subject,
            "description": Markup("<p>%s</p>") % BODIES[rng.randrange(len(BODIES))],
            "team_id": team.id,
            "handling_start": started,
        }
        request = self.env["telmico.request"].with_user(user).sudo().create(values)  # sudo: demo data spans teams
        if templates and channel in ("walk_in", "phone") and rng.random() < 0.5:
            template = templates[rng.randrange(len(templates))]
            service = (
                self.env["telmico.service"]
                .with_user(user)
                .sudo()
                .create(
                    {
                        "template_id": template.id,
                        "partner_id": client.id,
                        "subscriber_id": client.subscriber_ids[:1].id,
                        "request_id": request.id,
                    }
                )
            )
            for value in service.value_ids:
                value.write(self._demo_value(value, client, rng))
            service.action_line_ids.filtered(lambda a: a.kind == "mandatory").write({"done": True})
        if channel == "portal":
            request.write({"user_id": False})
        request.with_user(user).action_register()
        request.write(
            {
                "handling_end": started + timedelta(minutes=rng.randint(2, 15), seconds=rng.randint(0, 59)),
                "date_registered": started,
            }
        )
        if channel == "portal":
            request.write({"user_id": False, "state": "new"} if request.state == "in_progress" else {})
        return request

    def _demo_move(self, request, state, agents, rng):
        """Bring a request to ``state`` through its own actions, as agents would."""
        if request.state in ("resolved", "closed", "cancelled") or state == "new":
            return
        user = request.user_id or (agents[rng.randrange(len(agents))] if agents else self.env.user)
        request = request.with_user(user).sudo()  # sudo: demo data; the agent's own work
        request.action_take()
        if state == "pending":
            request.action_pending()
        elif state in ("resolved", "closed"):
            request.with_context(mail_notify_force_send=False).action_resolve()
            if request.rating_ids and rng.random() < 0.6:
                rating = request.rating_ids[0]
                request.rating_apply(rng.choice((5, 5, 5, 3, 1)), token=rating.access_token, feedback="")
            if state == "closed":
                request.action_close()
        elif state == "cancelled":
            request.action_cancel()
