from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The shipped support team becomes the intake team, unless another team already is."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    team = env.ref("telmico_desk.desk_team_support", raise_if_not_found=False)
    if team and not env["telmico.desk.team"].with_context(active_test=False).search_count([("intake", "=", True)]):
        team.intake = True
