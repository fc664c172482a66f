from odoo import api, fields, models
from odoo.tools import SQL

from .telmico_request import STATES


class TelmicoCommunication(models.Model):
    """The client's requests, on every channel and in both directions, in the client card's communications."""

    _inherit = "telmico.communication"
    _depends = {
        "telmico.request": [
            "date_registered",
            "create_date",
            "partner_id",
            "direction",
            "channel",
            "state",
            "name",
            "subject",
            "user_id",
            "company_id",
        ],
    }

    kind = fields.Selection(selection_add=[("request", "Request")])
    status = fields.Selection(selection_add=[(key, label) for key, label in STATES if key != "draft"])

    @api.model
    def _communication_sources(self):
        return {**super()._communication_sources(), 2: ("telmico_request", self._communication_query_requests())}

    @api.model
    def _communication_query_requests(self):
        """Every registered request of the client: inbound (e-mail, chat, call, visit, ...) and outbound contacts."""
        return SQL(
            """
            SELECT %(id)s AS id,
                   COALESCE(r.date_registered, r.create_date) AS date,
                   r.partner_id AS partner_id,
                   r.direction::varchar AS direction,
                   r.channel::varchar AS channel,
                   'request'::varchar AS kind,
                   r.state::varchar AS status,
                   r.name::varchar AS name,
                   r.subject::varchar AS subject,
                   'telmico.request'::varchar AS res_model,
                   r.id AS res_id,
                   r.user_id AS user_id,
                   r.company_id AS company_id
              FROM telmico_request r
             WHERE r.partner_id IS NOT NULL
               AND r.state != 'draft'
            """,
            id=self._communication_row_id(SQL("r.id"), 2),
        )
