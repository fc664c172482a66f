from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """18.0.1.5.0: the teams' Slack / Teams channels become webhooks of the kind Slack / Teams (their messages
    deliveries); a request's handling time counts each agent's overlapping work sessions once (it was their plain
    sum): the requests where one agent's sessions overlap are recomputed, only those (an indexed self-join, not a
    full pass)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["telmico.webhook"]._migrate_team_chats()
    cr.execute(
        """SELECT DISTINCT a.request_id
             FROM telmico_request_work_session a
             JOIN telmico_request_work_session b
               ON b.request_id = a.request_id AND b.user_id = a.user_id AND b.id > a.id
              AND b.date_start < a.date_end AND a.date_start < b.date_end"""
    )
    ids = [row[0] for row in cr.fetchall()]
    if ids:
        requests = env["telmico.request"].browse(ids)
        env.add_to_compute(requests._fields["handling_minutes"], requests)
        requests.flush_recordset(["handling_minutes"])
