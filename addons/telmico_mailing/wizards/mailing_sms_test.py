from markupsafe import Markup

from odoo import models


class MailingSmsTest(models.TransientModel):
    """The test SMS of a mailing, through Telmico's gateways (Odoo's wizard calls IAP directly), under the
    mailing's sender and Latin choice."""

    _inherit = "mailing.sms.test"

    def action_send_sms(self):
        self.ensure_one()
        mailing = self.mailing_id
        mailing._check_sms_sender()
        numbers = [number.strip() for number in self.numbers.splitlines() if number.strip()]
        sanitized = [self.env.user._phone_format(number=number) for number in numbers]
        invalid = [number for valid, number in zip(sanitized, numbers, strict=True) if not valid]
        body = mailing.body_plaintext
        record = self.env[mailing.mailing_model_real].search([], limit=1)
        if record:
            # as Odoo's wizard does: rendered on one record, a syntax error shows here
            body = self.env["mail.render.mixin"]._render_template(body, mailing.mailing_model_real, record.ids)[
                record.id
            ]
        # sudo: as in Odoo's wizard, test SMS are the queue's records; the sender was checked above as the user
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create(
                [
                    {
                        "body": body,
                        "number": number,
                        "sender_id": mailing.sms_sender_id.id,
                        "transliteration": "latin" if mailing.sms_transliterate else "original",
                    }
                    for number in sanitized
                    if number
                ]
            )
        )
        sms.send(unlink_failed=True, unlink_sent=True)
        _ = self.env._
        lines = []
        if invalid:
            lines.append(_("The following numbers are not correctly encoded: %s", ", ".join(invalid)))
        for message in sms:
            if message.state in ("pending", "sent"):
                lines.append(_("Test SMS successfully sent to %s", message.number))
            elif message.state == "outgoing":
                lines.append(_("Test SMS to %s is queued: the gateway will be tried again.", message.number))
            else:
                lines.append(
                    _(
                        "Test SMS could not be sent to %(destination)s: %(state)s",
                        destination=message.number,
                        state=message.failure_reason or _("An error occurred."),
                    )
                )
        if lines:
            mailing._message_log(
                body=Markup("<ul>%s</ul>") % Markup().join(Markup("<li>%s</li>") % line for line in lines)
            )
        return True
