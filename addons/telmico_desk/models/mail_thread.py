import codecs
import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

# Headers by which mail servers and autoresponders mark messages no person wrote (RFC 3834 and common practice)
AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")
AUTO_PRECEDENCE = ("auto_reply", "bulk", "junk", "list")


def is_auto_submitted(message):
    """True when ``message`` (an email.message) was sent by a machine: auto-reply, vacation notice, list."""
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    if auto_submitted != "no":
        return True
    if (message.get("Precedence") or "").strip().lower() in AUTO_PRECEDENCE:
        return True
    return any(message.get(header) for header in AUTO_HEADERS[:2])


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _detect_loop_sender(self, message, message_dict, routes):
        """Automatic replies never open or touch a request: that is how mail loops start."""
        if any(route[0] == "telmico.request" for route in routes or []) and is_auto_submitted(message):
            _logger.info(
                "Ignored automatic mail from %s to %s with Message-Id %s for a request",
                message_dict.get("email_from"),
                message_dict.get("to"),
                message_dict.get("message_id"),
            )
            return True
        return super()._detect_loop_sender(message, message_dict, routes)

    @api.model
    def message_parse(self, message, save_original=False):
        """Parse even a mail whose parts declare a charset nobody knows: read them as UTF-8 instead.

        Without this the whole mail is refused by the parser and no request is made from it.
        """
        try:
            return super().message_parse(message, save_original=save_original)
        except (LookupError, UnicodeError):
            fixed = False
            for part in message.walk():
                charset = part.get_content_charset()
                if charset and not _known_charset(charset):
                    part.set_param("charset", "utf-8")
                    fixed = True
            if not fixed:
                raise
            _logger.warning("Mail %s declares an unknown charset: read as UTF-8", message.get("Message-Id"))
            return super().message_parse(message, save_original=save_original)


def _known_charset(charset):
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True
