import logging

from odoo import api, fields, models

from ..tools.billing_contract import excerpt, storable

_logger = logging.getLogger(__name__)


class TelmicoBillingSyncRun(models.Model):
    """One synchronisation with billing: what came in, what was applied, what was refused."""

    _name = "telmico.billing.sync.run"
    _description = "Billing sync run"
    _order = "id desc"

    backend_id = fields.Many2one("telmico.billing.backend", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("pull", "Pull"), ("push", "Push"), ("file", "File import")], required=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("partial", "Done with errors"), ("failed", "Failed")],
        default="running",
        required=True,
    )
    date_start = fields.Datetime(default=fields.Datetime.now, required=True)
    date_end = fields.Datetime()
    duration = fields.Float(string="Duration (s)", compute="_compute_duration")
    pages = fields.Integer()
    received_count = fields.Integer(string="Received")
    created_count = fields.Integer(string="Created")
    updated_count = fields.Integer(string="Updated")
    unchanged_count = fields.Integer(string="Unchanged", help="Records not newer than the mirrored data.")
    error_count = fields.Integer(string="Errors")
    cursor_from = fields.Datetime()
    cursor_to = fields.Datetime()
    message = fields.Text()
    error_ids = fields.One2many("telmico.billing.sync.error", "run_id", string="Refused records")

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for run in self:
            run.duration = (run.date_end - run.date_start).total_seconds() if run.date_end else 0.0

    def _add_stats(self, stats, errors):
        self.ensure_one()
        self.write(
            {
                "received_count": self.received_count + stats.get("received", 0),
                "created_count": self.created_count + stats.get("created", 0),
                "updated_count": self.updated_count + stats.get("updated", 0),
                "unchanged_count": self.unchanged_count + stats.get("unchanged", 0),
                "error_count": self.error_count + len(errors),
            }
        )
        if errors:
            self.env["telmico.billing.sync.error"].create(
                [
                    {
                        "run_id": self.id,
                        "reference": storable(ref)[:64],
                        "reason": storable(reason)[:500],
                        "payload": excerpt(payload),
                    }
                    for ref, reason, payload in errors
                ]
            )
            for ref, reason, _payload in errors[:20]:
                _logger.warning("Billing record %s refused: %s", storable(ref)[:64], storable(reason)[:500])

    def _action_open(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id, "view_mode": "form"}
