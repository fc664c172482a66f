import json

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


class DeskBlocksCase(TransactionCase):
    """Two teams with agents and a leader, a live chat operator, a client; requests made as they come."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, mail_create_nolog=True, mail_notrack=True, no_reset_password=True)
        )
        agent, leader = "telmico_desk.group_desk_user", "telmico_desk.group_desk_leader"
        cls.agent = new_test_user(cls.env, login="desk_agent", groups=agent, name="ნინო აგენტი")
        cls.colleague = new_test_user(cls.env, login="desk_colleague", groups=agent, name="ლევან აგენტი")
        cls.leader = new_test_user(cls.env, login="desk_leader", groups=leader, name="თამარ ლიდერი")
        cls.outsider = new_test_user(cls.env, login="desk_outsider", groups=agent, name="გიორგი სხვა გუნდი")
        cls.chat_agent = new_test_user(
            cls.env, login="desk_chat", groups=f"{agent},im_livechat.im_livechat_group_user", name="ანა ჩატი"
        )
        cls.employee = new_test_user(cls.env, login="desk_employee", groups="base.group_user")
        Team = cls.env["telmico.desk.team"]
        cls.team = Team.create(
            {
                "name": "Billing support",
                "leader_id": cls.leader.id,
                "member_ids": [Command.set([cls.agent.id, cls.colleague.id])],
            }
        )
        cls.other_team = Team.create({"name": "Technical support", "member_ids": [Command.set([cls.outsider.id])]})
        cls.client = cls.env["res.partner"].create({"name": "მარიამ კლიენტი", "email": "mariam@example.ge"})

    @classmethod
    def _request(cls, **values):
        values = {
            "subject": "Question",
            "partner_id": cls.client.id,
            "channel": "email",
            "state": "new",
            "team_id": cls.team.id,
            **values,
        }
        return cls.env["telmico.request"].create(values)

    def desk(self, user):
        """The Desk of ``user``, blocks by key."""
        data = self.env["telmico.desk"].with_user(user).get_desk_data()
        return {block["key"]: block for block in data["blocks"]}

    def item_ids(self, block):
        return [item["id"] for item in block["items"]]

    def desk_refreshes(self, since_id):
        """Partners told to refresh their Desk since the bus message ``since_id`` (sent at commit)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        messages = self.env["bus.bus"].sudo().search([("id", ">", since_id)])
        partner_ids = set()
        for message in messages:
            if '"telmico_desk/refresh"' in message.message:
                _db, model, partner_id = json.loads(message.channel)
                self.assertEqual(model, "res.partner")
                partner_ids.add(partner_id)
        return self.env["res.partner"].browse(sorted(partner_ids))

    def last_bus_id(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id or 0
