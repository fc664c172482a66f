from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The teams' Slack / Teams channels become webhooks of the kind Slack / Teams (their messages deliveries)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["telmico.webhook"]._migrate_team_chats()
