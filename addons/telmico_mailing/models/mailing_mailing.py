import pytz

from odoo import api, fields, models
from odoo.addons.telmico_client_card.tools.batch import commit_chunk
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import split_every

from ..tools.compliance import QUIET_HOURS_TZ, in_quiet_hours, quiet_hours_end

#: recipients written per batch when a mailing goes to the personal cabinet (one commit per batch)
CABINET_BATCH_SIZE = 1000


class MailingMailing(models.Model):
    """Telmico's rules on Odoo's mass mailings: audiences, consents, quiet hours, frequency cap, cabinet."""

    _inherit = "mailing.mailing"

    mailing_kind = fields.Selection(
        [("transactional", "Transactional"), ("advertising", "Advertising")],
        string="Kind",
        default="advertising",
        required=True,
        tracking=True,
        help="Advertising messages need the client's marketing consent, wait for the end of the quiet hours "
        "(SMS) and count against the frequency cap; transactional ones (debt reminders, service notices) do not.",
    )
    audience_id = fields.Many2one(
        "telmico.mailing.audience",
        index="btree_not_null",
        help="A saved audience: its criteria become the recipients' filter.",
    )
    cabinet_delivery = fields.Boolean(
        string="To the personal cabinet",
        help="The message goes to the clients' personal-cabinet inbox instead of their e-mail.",
    )

    @api.depends("audience_id")
    def _compute_mailing_domain(self):
        result = super()._compute_mailing_domain()
        for mailing in self.filtered("audience_id"):
            mailing.mailing_domain = repr(mailing.audience_id._get_domain())
        return result

    @api.constrains("audience_id", "cabinet_delivery", "mailing_model_id")
    def _check_partner_recipients(self):
        for mailing in self:
            if (mailing.audience_id or mailing.cabinet_delivery) and mailing.mailing_model_real != "res.partner":
                raise ValidationError(
                    self.env._("Audiences and the personal cabinet apply to mailings whose recipients are contacts.")
                )

    @api.onchange("audience_id")
    def _onchange_audience_id(self):
        if self.audience_id:
            self.mailing_model_id = self.env["ir.model"]._get("res.partner")

    # ------------------------------------------------------------ recipients

    def _mailing_channel(self):
        """``sms``, ``mail`` or ``cabinet``: where this mailing's messages go."""
        self.ensure_one()
        if self.mailing_type == "mail" and self.cabinet_delivery:
            return "cabinet"
        return self.mailing_type

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        if self.mailing_model_real == "res.partner":
            consent = self.env["res.partner"]._mailing_consent_domain(self._mailing_channel(), self.mailing_kind)
            domain = expression.AND([domain, consent])
        return domain

    def _get_remaining_recipients(self):
        res_ids = super()._get_remaining_recipients()
        if self.mailing_kind == "advertising" and self.mailing_model_real == "res.partner" and res_ids:
            capped = self.env["res.partner"]._mailing_capped_ids(res_ids)
            res_ids = [res_id for res_id in res_ids if res_id not in capped]
        return res_ids

    # --------------------------------------------------------------- sending

    @api.model
    def _quiet_hours_end(self, now):
        """The end of the quiet hours ``now`` falls in (naive UTC), or ``False`` outside them."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: quiet hours are a setting every sender applies
        start = float(params.get_param("telmico_mailing.quiet_hours_start", 21) or 0)
        end = float(params.get_param("telmico_mailing.quiet_hours_end", 9) or 0)
        return in_quiet_hours(now, start, end) and quiet_hours_end(now, start, end)

    def _action_send_mail(self, res_ids=None):
        now = fields.Datetime.now()
        deferred = self.browse()
        for mailing in self.filtered(lambda m: m.mailing_type == "sms" and m.mailing_kind == "advertising"):
            morning = self._quiet_hours_end(now)
            if morning:
                deferred |= mailing
                mailing.write({"schedule_type": "scheduled", "schedule_date": morning, "state": "in_queue"})
                local = pytz.utc.localize(morning).astimezone(pytz.timezone(QUIET_HOURS_TZ))
                mailing.message_post(
                    body=self.env._(
                        "Advertising SMS are not sent during quiet hours: the mailing waits until %s (Tbilisi time).",
                        local.strftime("%Y-%m-%d %H:%M"),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        cabinet = (self - deferred).filtered(lambda m: m._mailing_channel() == "cabinet")
        cabinet._send_to_cabinet(res_ids)
        return super(MailingMailing, self - deferred - cabinet)._action_send_mail(res_ids=res_ids)

    def _send_to_cabinet(self, res_ids=None):
        """One personal-cabinet message per recipient, in batches, each traced like an e-mail.

        A recipient who already has this mailing's message is skipped, so a mailing interrupted
        in the middle resumes without duplicates (the traces also keep them out of the
        remaining recipients). Outside tests each batch is committed, as core's mass mailing does.
        """
        Message = self.env["telmico.mailing.message"]
        for mailing in self:
            recipient_ids = res_ids or mailing._get_remaining_recipients()
            if not recipient_ids:
                raise UserError(self.env._("There are no recipients selected."))
            for batch in split_every(CABINET_BATCH_SIZE, recipient_ids, list):
                done = set(
                    Message.search([("mailing_id", "=", mailing.id), ("partner_id", "in", batch)]).partner_id.ids
                )
                todo = [res_id for res_id in batch if res_id not in done]
                if not todo:
                    continue
                subjects = mailing._render_field("subject", todo)
                bodies = mailing._render_field("body_html", todo)
                Message.create(
                    [
                        {
                            "partner_id": res_id,
                            "mailing_id": mailing.id,
                            "name": subjects[res_id] or mailing.subject,
                            "body": bodies[res_id],
                        }
                        for res_id in todo
                    ]
                )
                self.env["mailing.trace"].create(
                    [
                        {
                            "trace_type": "mail",
                            "model": "res.partner",
                            "res_id": res_id,
                            "mass_mailing_id": mailing.id,
                            "trace_status": "sent",
                            "sent_datetime": fields.Datetime.now(),
                        }
                        for res_id in todo
                    ]
                )
                commit_chunk(self.env)  # one batch is done: a crash later does not redo it
            mailing.write(
                {"state": "done", "sent_date": fields.Datetime.now(), "kpi_mail_required": not mailing.sent_date}
            )
