from odoo import SUPERUSER_ID, api

# what the rule "Requests: the client's reply reopens or resumes the request" acts on (data/...automation_data.xml)
CLIENT_REPLY_PRE_DOMAIN = "[('state', 'in', ('pending', 'resolved', 'closed'))]"


def migrate(cr, version):
    """The client's-reply automation rule runs only on the requests a reply changes (pending, resolved, closed),
    not on every message of the open ones. The rule is data created once (noupdate): its condition is set here,
    unless an administrator gave it one."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("telmico_desk.telmico_request_automation_client_reply", raise_if_not_found=False)
    if rule and rule.trigger == "on_message_received" and not rule.filter_pre_domain:
        rule.filter_pre_domain = CLIENT_REPLY_PRE_DOMAIN
