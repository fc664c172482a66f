from odoo import SUPERUSER_ID, api
from odoo.tools.sql import drop_index


def migrate(cr, version):
    """The shipped support team becomes the intake team, unless another team already is; the priority's own
    index gives way to the one on (priority, id) (Odoo keeps an index a field no longer declares)."""
    if not version:
        return
    drop_index(cr, "telmico_request__priority_index", "telmico_request")
    env = api.Environment(cr, SUPERUSER_ID, {})
    team = env.ref("telmico_desk.desk_team_support", raise_if_not_found=False)
    if team and not env["telmico.desk.team"].with_context(active_test=False).search_count([("intake", "=", True)]):
        team.intake = True
