from odoo import fields, models
from odoo.tools import create_index


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    # the refusals of our SMS gateways (telmico_sms) that Odoo's SMS has no name for
    failure_type = fields.Selection(
        selection_add=[("sms_too_long", "Message Too Long"), ("sms_sender", "Sender Not Allowed")]
    )
    # an event-driven message (birthday, due date) sent by e-mail or to the personal cabinet: traced like a
    # mailing's, so that it shows in the client card's communications with its delivery status
    trigger_id = fields.Many2one("telmico.mailing.trigger", ondelete="set null", index="btree_not_null")
    cabinet_message_id = fields.Many2one(
        "telmico.mailing.message", string="Cabinet message", ondelete="set null", index="btree_not_null"
    )
    trigger_subject = fields.Char(string="Subject sent", help="The subject of the event-driven message, as sent.")

    def init(self):
        result = super().init()
        # the client card's communications read a client's traces (telmico.communication, source 4)
        create_index(
            self.env.cr,
            "mailing_trace_partner_res_id_idx",
            self._table,
            ["res_id"],
            where="model = 'res.partner'",
        )
        # deleting a mailing cascades to its traces, and from each trace to its SMS trackers: without an index
        # (Odoo has none) every trace deleted scans all the trackers
        create_index(self.env.cr, "sms_tracker_mailing_trace_id_idx", "sms_tracker", ["mailing_trace_id"])
        return result
