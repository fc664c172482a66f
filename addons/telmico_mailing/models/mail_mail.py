from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        # Odoo updates the traces of mailings' mails only; an event-driven e-mail (telmico.mailing.trigger) has a
        # trace without a mailing, which must follow the mail too (the client card's communications show it)
        triggered = self.filtered(lambda mail: not mail.mailing_id).mailing_trace_ids.filtered("trigger_id")
        if failure_type:
            triggered.set_failed(failure_type=failure_type)
        else:
            triggered.set_sent()
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
