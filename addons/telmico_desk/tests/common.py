import json

from odoo.addons.mail.tests.common import MailCase, mail_new_test_user
from odoo.addons.telmico_client_card.tests.common import link_client, mirror_subscribers
from odoo.fields import Command
from odoo.tests import TransactionCase


def tbilisi_address(district, street, building, apartment=None):
    """Billing-record values of a subscriber at this Tbilisi address (for ``mirror_subscribers``)."""
    return {
        "address": {
            "city": "თბილისი",
            "district": district,
            "street": street,
            "building": building,
            "apartment": apartment,
            "zip": "0179",
        }
    }


class DeskCase(TransactionCase, MailCase):
    """The shipped support team with its alias, agents, a leader, a live chat operator, another team, a client with a
    subscriber and two simple services; helpers to make requests and read the Desk as a user sees it.

    MailCase gives the gateway and mail-queue tools of Odoo's own mail tests; its MailCommon set-up is not
    used because it writes Belgian phone numbers that Georgian client cards rightly refuse.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._init_mail_gateway()
        cls._init_mail_servers()
        cls.env.company.email = "info@telmico.ge"
        agent = "telmico_desk.group_desk_user"
        cls.agent = mail_new_test_user(cls.env, login="desk_agent", groups=agent, name="ნინო ოპერატორი")
        cls.agent2 = mail_new_test_user(cls.env, login="desk_agent2", groups=agent, name="ლაშა ოპერატორი")
        cls.outsider = mail_new_test_user(cls.env, login="desk_outsider", groups=agent, name="სხვა გუნდის აგენტი")
        cls.leader = mail_new_test_user(
            cls.env, login="desk_leader", groups="telmico_desk.group_desk_leader", name="თამარ ხელმძღვანელი"
        )
        cls.desk_admin = mail_new_test_user(
            cls.env, login="desk_admin", groups="telmico_desk.group_desk_manager", name="ადმინისტრატორი"
        )
        cls.chat_agent = mail_new_test_user(
            cls.env, login="desk_chat", groups=f"{agent},im_livechat.im_livechat_group_user", name="ანა ჩატი"
        )
        cls.employee = mail_new_test_user(cls.env, login="desk_employee", groups="base.group_user")
        cls.team = cls.env.ref("telmico_desk.desk_team_support")
        cls.team.write({"member_ids": [Command.set([cls.agent.id, cls.agent2.id])], "leader_id": cls.leader.id})
        cls.other_team = cls.env["telmico.desk.team"].create(
            {"name": "იურიდიული", "alias_name": "legal-desk", "member_ids": [Command.set([cls.outsider.id])]}
        )
        cls.subscriber, cls.subscriber2 = mirror_subscribers(
            cls.env, (0, {"number": "2000000001"}), (1, {"number": "2000000002"})
        )
        cls.client = cls.env["res.partner"].create(
            {
                "first_name": "გიორგი",
                "last_name": "ბერიძე",
                "personal_number": "01001012345",
                "mobile": "599 12 34 56",
                "email": "giorgi.beridze@example.ge",
            }
        )
        link_client(cls.env, cls.client, cls.subscriber)
        Template = cls.env["telmico.service.template"]
        cls.tpl_consult = Template.create(
            {
                "name": "ტარიფის კონსულტაცია",
                "kind": "simple",
                "public": True,
                "field_ids": [Command.create({"name": "კითხვა", "key": "question", "required": True, "public": True})],
            }
        )
        cls.tpl_receipt = Template.create(
            {
                "name": "ქვითრის ამობეჭდვა",
                "kind": "simple",
                "field_ids": [Command.create({"name": "თვე", "key": "month", "required": True})],
            }
        )

    def _draft_request(self, user=None, **values):
        """A registration as an operator opens it: services added, fields filled, not registered yet."""
        Request = self.env["telmico.request"].with_user(user or self.agent)
        return Request.create({"channel": "walk_in", **values})

    @classmethod
    def _request(cls, **values):
        """A registered request of the support team, as it arrives (an e-mail by default)."""
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

    def run_mail_queue(self):
        """Odoo's mail queue, run as its cron runs it: the queued e-mails (the client's acknowledgements) go out."""
        self.env.flush_all()
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo().method_direct_trigger()
