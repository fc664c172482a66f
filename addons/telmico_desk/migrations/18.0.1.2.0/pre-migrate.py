# Access rules of 18.0.1.2.0: unrouted requests only for the intake team and team leaders, services of the
# agents' teams through the service's own copy of the request's team.

# record rules whose domain changed: they are data created once (noupdate), so they are deleted here and
# created again from security/telmico_desk_security.xml by this update
CHANGED_RULES = (
    "telmico_request_rule_agent",
    "telmico_service_rule_desk_agent",
    "telmico_service_value_rule_desk_agent",
    "telmico_service_action_line_rule_desk_agent",
    "telmico_service_route_line_rule_desk_agent",
    "telmico_service_change_rule_desk_agent",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """DELETE FROM ir_rule WHERE id IN (
               SELECT res_id FROM ir_model_data WHERE module = 'telmico_desk' AND model = 'ir.rule' AND name IN %s
           )""",
        [CHANGED_RULES],
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'telmico_desk' AND model = 'ir.rule' AND name IN %s",
        [CHANGED_RULES],
    )
    # the team of each service's request, filled in one statement rather than computed record by record
    cr.execute("ALTER TABLE telmico_service ADD COLUMN IF NOT EXISTS request_team_id integer")
    cr.execute(
        """UPDATE telmico_service SET request_team_id = telmico_request.team_id
             FROM telmico_request WHERE telmico_request.id = telmico_service.request_id"""
    )
