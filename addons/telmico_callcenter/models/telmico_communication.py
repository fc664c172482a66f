from odoo import api, fields, models
from odoo.tools import SQL

from .telmico_call import DISPOSITIONS


class TelmicoCommunication(models.Model):
    """The client's phone calls, inbound and outbound, in the client card's communications (source 3)."""

    _inherit = "telmico.communication"
    _depends = {
        "telmico.call": [
            "date_ringing",
            "partner_id",
            "direction",
            "disposition",
            "name",
            "number",
            "ivr_choice",
            "queue",
            "user_id",
            "company_id",
        ],
    }

    kind = fields.Selection(selection_add=[("call", "Call")])
    status = fields.Selection(selection_add=[*DISPOSITIONS, ("ongoing", "On the line")])

    @api.model
    def _communication_sources(self):
        return {**super()._communication_sources(), 3: ("telmico_call", self._communication_query_calls())}

    @api.model
    def _communication_query_calls(self):
        """Every call of the client, with its disposition; the subject is what the caller chose in the IVR."""
        return SQL(
            """
            SELECT %(id)s AS id,
                   c.date_ringing AS date,
                   c.partner_id AS partner_id,
                   c.direction::varchar AS direction,
                   'phone'::varchar AS channel,
                   'call'::varchar AS kind,
                   COALESCE(c.disposition, 'ongoing')::varchar AS status,
                   c.number::varchar AS name,
                   COALESCE(NULLIF(c.ivr_choice, ''), c.queue, c.number)::varchar AS subject,
                   'telmico.call'::varchar AS res_model,
                   c.id AS res_id,
                   c.user_id AS user_id,
                   c.company_id AS company_id
              FROM telmico_call c
             WHERE c.partner_id IS NOT NULL
            """,
            id=self._communication_row_id(SQL("c.id"), 3),
        )
