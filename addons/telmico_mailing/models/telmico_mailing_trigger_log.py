from odoo import fields, models


class TelmicoMailingTriggerLog(models.Model):
    """One event-driven message per trigger, client and event date: the key that keeps jobs idempotent."""

    _name = "telmico.mailing.trigger.log"
    _description = "Event-driven message log"
    _order = "id desc"

    trigger_id = fields.Many2one("telmico.mailing.trigger", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade", index=True)
    event_date = fields.Date(required=True, help="The birthday or due date the message is about.")
    channel = fields.Selection([("sms", "SMS"), ("mail", "E-mail"), ("cabinet", "Personal cabinet")], required=True)
    mailing_kind = fields.Selection(
        [("transactional", "Transactional"), ("advertising", "Advertising")], string="Kind", required=True
    )
    state = fields.Selection([("sent", "Sent"), ("skipped", "Skipped")], required=True, default="sent")
    note = fields.Char()

    _sql_constraints = [
        (
            "trigger_partner_date_uniq",
            "unique(trigger_id, partner_id, event_date)",
            "A client gets one message per trigger and event date.",
        ),
    ]
