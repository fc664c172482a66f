from odoo.addons.mail.tests.common import MailCase, mail_new_test_user
from odoo.addons.telmico_client_card.tools import demo_data
from odoo.fields import Command
from odoo.tests import TransactionCase


class DeskCase(TransactionCase, MailCase):
    """A support team with its alias, agents, a leader, a client with a subscriber and two simple services.

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
        cls.team = cls.env.ref("telmico_desk.desk_team_support")
        cls.team.write({"member_ids": [Command.set([cls.agent.id, cls.agent2.id])], "leader_id": cls.leader.id})
        cls.other_team = cls.env["telmico.desk.team"].create(
            {"name": "იურიდიული", "alias_name": "legal-desk", "member_ids": [Command.set([cls.outsider.id])]}
        )
        backend = cls.env.ref("telmico_client_card.billing_backend_main").with_context(telmico_billing_sync=True)
        run = cls.env["telmico.billing.sync.run"].create({"backend_id": backend.id, "kind": "file"})
        backend._apply_subscriber_records(
            [dict(demo_data.subscriber(0), number="2000000001"), dict(demo_data.subscriber(1), number="2000000002")],
            run,
        )
        cls.subscriber, cls.subscriber2 = cls.env["telmico.subscriber"].search(
            [("number", "in", ("2000000001", "2000000002"))], order="number"
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
        cls.env["telmico.subscriber.link"].create(
            {
                "partner_id": cls.client.id,
                "subscriber_id": cls.subscriber.id,
                "role_id": cls.env.ref("telmico_client_card.link_role_owner").id,
            }
        )
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
