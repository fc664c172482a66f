import codecs
import email.headerregistry
import email.message
import email.policy
import logging
import re
import time

from odoo import api, models, tools
from odoo.tools.mail import (
    append_content_to_html,
    decode_message_header,
    email_normalize,
    email_split_and_format,
    unfold_references,
)

_logger = logging.getLogger(__name__)

# Headers by which mail servers and autoresponders mark messages no person wrote (RFC 3834 and common practice)
AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")
AUTO_PRECEDENCE = ("auto_reply", "bulk", "junk", "list")
# the key of a parsed mail (message_parse) whose MIME structure could not be read: its raw text is its body and
# attachment; removed before the message is posted
UNREADABLE = "telmico_unreadable"
ORIGINAL_NAME = "original_email.eml"
# what a delivery report says in its text, read when its parts could not be told apart (RFC 3464)
FINAL_RECIPIENT_RE = re.compile(r"^Final-Recipient:[^;\n]*;\s*(\S+)", re.IGNORECASE | re.MULTILINE)
REPORTED_ID_RE = re.compile(
    r"^(?:Message-Id|X-Microsoft-Original-Message-ID):\s*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE
)
# RFC 2047 (6.2): the white space between two adjacent encoded-words is not part of the text. Python's address
# parser keeps it: a long Georgian name, split by the sender's mail program into several encoded-words on folded
# lines, read "ეთერ ჯა ვახიშვ ილი" for "ეთერ ჯავახიშვილი" (its unstructured headers, such as Subject, are right).
ENCODED_WORDS_GAP_RE = re.compile(r"(\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?)")
ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To", "Delivered-To", "Sender")


class ParsedHeaders(email.headerregistry.HeaderRegistry):
    """The header factory of one mail being read: each header parsed once.

    Python parses a header anew each time it is asked for, and builds a new class to parse it with; Odoo asks a mail
    for its headers about 30 times (a part's Content-Type alone, once for each question on its type), so a third of
    reading a mail went into parsing the same few headers again. A parsed header is immutable: the same one is given
    for the same name and raw value.
    """

    _classes = {}  # the header class built on each of Python's header kinds (a dozen), shared by every mail

    def __init__(self):
        super().__init__()
        self.parsed = {}

    def __getitem__(self, name):
        kind = self.registry.get(name.lower(), self.default_class)
        cls = self._classes.get(kind)
        if cls is None:
            cls = self._classes[kind] = super().__getitem__(name)
        return cls

    def __call__(self, name, value):
        key = (name.lower(), value)
        header = self.parsed.get(key)
        if header is None:
            header = self.parsed[key] = super().__call__(name, value)
        return header


def parse_headers_once(message):
    """Give ``message`` (an email.message read with an email policy, as Odoo's gateway reads mail) and its parts a
    header factory of their own that parses each header once (``ParsedHeaders``)."""
    policy = getattr(message, "policy", None)
    if not isinstance(policy, email.policy.EmailPolicy) or isinstance(policy.header_factory, ParsedHeaders):
        return
    policy = policy.clone(header_factory=ParsedHeaders())
    for part in message.walk():
        part.policy = policy


def join_encoded_words(message):
    """Remove from the address headers of ``message`` (an email.message) the white space between adjacent
    encoded-words, as RFC 2047 reads them; the headers without such words are left untouched."""
    for name in ADDRESS_HEADERS:
        values = [value for key, value in message.raw_items() if key.title() == name]
        if not any(isinstance(value, str) and ENCODED_WORDS_GAP_RE.search(value) for value in values):
            continue
        joined = [
            ENCODED_WORDS_GAP_RE.sub(r"\1", re.sub(r"\r?\n(?=[ \t])", "", value)) if isinstance(value, str) else value
            for value in values
        ]
        try:
            if len(joined) == 1:
                message.replace_header(name, joined[0])  # in its place
            else:
                del message[name]
                for value in joined:
                    message[name] = value
        except (ValueError, TypeError):  # a header the policy refuses to store: read as the parser reads it
            _logger.info("Mail %s: header %s left as it is", message.get("Message-Id"), name)


def is_auto_submitted(message):
    """True when ``message`` (an email.message) was sent by a machine: auto-reply, vacation notice, list."""
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    if auto_submitted != "no":
        return True
    if (message.get("Precedence") or "").strip().lower() in AUTO_PRECEDENCE:
        return True
    return any(message.get(header) for header in AUTO_HEADERS[:2])


def unsplit_parts(message):
    """The multipart parts of ``message`` whose sub-parts the parser could not find (a broken MIME boundary):
    their payload is left as one text.

    Asked twice per mail (payload, bounce): found once and kept on the message (reading the parts' types parses
    their headers again).
    """
    found = getattr(message, "_telmico_unsplit", None)
    if found is None:
        found = [part for part in message.walk() if not part.is_multipart() and _declared_container(part)]
        message._telmico_unsplit = found
    return found


def _declared_container(part):
    """Whether ``part`` says it is a multipart or a message, read from its raw header: the parser's header objects
    cost a parse of the header each time they are asked for (a tenth of a millisecond per part of every mail)."""
    for name, value in part.raw_items():
        if name.lower() == "content-type":
            return str(value).lstrip().lower().startswith(("multipart/", "message/"))
    return False


def payload_text(part):
    """The raw text of a part, undecoded bytes read as UTF-8 (the parser keeps them surrogate-escaped)."""
    payload = part.get_payload()
    if not isinstance(payload, str):
        payload = part.as_string()
    return payload.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def raw_bytes(message):
    try:
        return message.as_bytes()
    except Exception:  # a mail too broken to be written back: keep what str() gives
        return str(message).encode("utf-8", "surrogateescape")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(
        self, model, message, custom_values=None, save_original=False, strip_attachments=False, thread_id=None
    ):
        """Odoo's MTA entry point (odoo-mailgate.py, fetchmail). A mail it ignores (automatic, loop, reply to a
        loop notice) answers ``False``: Odoo answers ``None``, which XML-RPC cannot marshal, and the MTA then
        retries or bounces the mail - the loop the guard exists to prevent."""
        result = super().message_process(
            model,
            message,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )
        return False if result is None else result

    @api.model
    def _detect_loop_sender(self, message, message_dict, routes):
        """Automatic replies never open or touch a request: that is how mail loops start.

        A delivery report we could not read is kept all the same (see ``message_route``); Odoo's own loop guard
        (too many mails from one address) still applies to it.
        """
        if (
            not (message_dict.get("is_bounce") and message_dict.get(UNREADABLE))
            and any(route[0] == "telmico.request" for route in routes or [])
            and is_auto_submitted(message)
        ):
            _logger.info(
                "Ignored automatic mail from %s to %s with Message-Id %s for a request",
                message_dict.get("email_from"),
                message_dict.get("to"),
                message_dict.get("message_id"),
            )
            return True
        return super()._detect_loop_sender(message, message_dict, routes)

    # A mail to a desk team's address: Odoo looks for its author among the team's followers first, as a user (whom the
    # gateway acts as) and as a contact, then among everyone. A team's followers are its staff, whom the look-up among
    # everyone finds as well (it differs only when two users share an address); reading the followers costs queries in
    # every mail to the desk. Other aliases and records keep Odoo's order.

    def _telmico_is_team_alias(self, alias):
        return bool(alias) and alias.alias_parent_model_id.id == self.env["ir.model"]._get_id("telmico.desk.team")

    @api.model
    def _mail_find_user_for_gateway(self, email_value, alias=None):
        if alias:
            # the routing reads the model of the alias, then the model of its owner: both in one query
            # sudo: as the routing reads them
            (alias.alias_model_id | alias.alias_parent_model_id).sudo().fetch(["model"])
        if alias and not self._telmico_is_team_alias(alias):
            return super()._mail_find_user_for_gateway(email_value, alias=alias)
        # Odoo's look-up among everyone: an address of an alias is nobody's (asked first, a query in every mail),
        # else the first user of the address. Asked the other way round: most mails are clients', who are no users,
        # and then no alias need be asked about.
        normalized_email = email_normalize(email_value)
        if not normalized_email:
            return self.env["res.users"]
        # sudo: as Odoo's look-up, whoever the gateway acts as
        user = self.env["res.users"].sudo().search([("email_normalized", "=", normalized_email)], limit=1)
        # sudo: as above
        if user and self.env["mail.alias"].sudo().search_count([("alias_full_name", "=", email_value)]):
            return self.env["res.users"]
        return user

    @api.model
    def _mail_find_partner_from_emails(self, emails, records=None, force_create=False, extra_domain=False):
        if records is not None and records._name == "telmico.desk.team":
            records = None
        if (
            records is not None
            and records._name == "telmico.request"
            and len(records) == 1
            and len(emails) == 1
            and not extra_domain
        ):
            # A mail on a request from its client's address (the client's reply, most mails on requests) is the
            # client's: Odoo would look for the author among the request's followers (the client follows it), read
            # them, check the address is no alias and sort them; the client is read for the message anyway.
            # sudo: as Odoo's look-up among the followers, whoever the gateway acts as
            client = records.sudo().partner_id
            email = email_normalize(emails[0], strict=False)
            if email and client.active and client.email_normalized == email:
                return [client.sudo(False)]
        return super()._mail_find_partner_from_emails(
            emails, records=records, force_create=force_create, extra_domain=extra_domain
        )

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        """A delivery report whose parts could not be read is counted as a bounce as Odoo does, and then kept where
        a person sees it, as an internal note with its raw text: on the record whose mail bounced, else as a new
        record of the address it was sent to (a request on the desk's addresses). Odoo keeps nothing of a bounce
        but its counters: of an unreadable one they may well be missing."""
        routes = super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )
        if routes or not (message_dict.get("is_bounce") and message_dict.get(UNREADABLE)):
            return routes
        message_dict.pop("parent_id", None)  # nobody is notified of it: it is a note for whoever opens the record
        message_dict["is_internal"] = True
        bounced = message_dict.get("bounced_message")
        if bounced and bounced.model in self.env and bounced.res_id:
            route = self._routing_check_route(
                message,
                message_dict,
                (bounced.model, bounced.res_id, None, self.env.uid, self.env["mail.alias"]),
                raise_exception=False,
            )
            if route:
                _logger.info("Unreadable delivery report %s kept on %s,%s", message_dict["message_id"], *route[:2])
                return [route]
        routing_dict = dict(message_dict, is_bounce=False)
        try:
            routes = super().message_route(
                message, routing_dict, model=model, thread_id=thread_id, custom_values=custom_values
            )
        except ValueError:
            _logger.warning(
                "Unreadable delivery report %s from %s to %s: no record to keep it on, only counted as a bounce",
                message_dict["message_id"],
                message_dict.get("email_from"),
                message_dict.get("to"),
            )
            return []
        message_dict.update({key: routing_dict[key] for key in ("author_id",) if key in routing_dict})
        return routes

    @api.model
    def _routing_reset_bounce(self, email_message, message_dict):
        """A mail from an address whose mails bounced resets its bounce counters, as Odoo does, with two changes:
        the models that count bounces are looked up once per registry (Odoo searches them in every mail received,
        two queries), and the address is compared normalized (Odoo compares the whole ``From:`` header, "Name
        <address>", with the normalized address: a counter was reset only for a mail without a name)."""
        email = email_normalize(message_dict.get("email_from") or "", strict=False)
        if not email:
            return
        for model_name in self._telmico_bounce_models():
            if model_name in self.env:
                # sudo: as Odoo, whoever the gateway acts as
                self.env[model_name].sudo().search(
                    [("message_bounce", ">", 0), ("email_normalized", "=", email)]
                )._message_reset_bounce(email)

    @api.model
    @tools.ormcache()
    def _telmico_bounce_models(self):
        """The models that count bounces (``mail.thread.blacklist``): they change with the modules installed."""
        domain = [("is_mail_blacklist", "=", True), ("model", "!=", "mail.thread.blacklist")]
        # sudo: the models' list, as Odoo reads it
        return tuple(self.env["ir.model"].sudo().search(domain).mapped("model"))

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        message_dict.pop(UNREADABLE, None)
        return super()._message_route_process(message, message_dict, routes)

    @api.model
    def message_parse(self, message, save_original=False):
        """Parse any mail; never lose one because the parser cannot read it.

        - each header is parsed once however often it is read (``parse_headers_once``);
        - a name in an address header split into several encoded-words reads as one (``join_encoded_words``);
        - a part in a charset nobody knows is read as UTF-8 (else the whole mail is refused);
        - a part whose MIME boundary is broken is kept as text (see ``_message_parse_extract_payload``);
        - any other failure of the parser gives a minimal parse: the headers, the raw text as the body and the
          whole mail attached (``original_email.eml``).
        """
        try:
            parse_headers_once(message)
            join_encoded_words(message)
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
        except Exception:
            if not isinstance(message, email.message.EmailMessage):
                raise
            _logger.warning(
                "Mail %s could not be parsed: kept with its raw text", message.get("Message-Id"), exc_info=True
            )
            return self._message_parse_raw(message)

    @api.model
    def _message_parse_raw(self, message):
        """The minimal parse of a mail Odoo's parser failed on: its headers, its raw text as the body (as text)
        and the whole mail attached."""

        def header(name, separator=","):
            try:
                return decode_message_header(message, name, separator=separator)
            except Exception:  # an undecodable header is left out, the raw mail has it
                return ""

        email_from = (email_split_and_format(header("From")) or [header("From")])[0]
        to = ",".join(email_split_and_format(",".join(filter(None, (header("Delivered-To"), header("To"))))))
        recipients = ",".join(
            email_split_and_format(",".join(filter(None, (header("Delivered-To"), header("To"), header("Cc")))))
        )
        msg_dict = {
            "message_type": "email",
            "message_id": header("Message-Id", " ").strip() or f"<{time.time()}@localhost>",
            "subject": header("Subject", " "),
            "email_from": email_from,
            "from": email_from,
            "to": to,
            "cc": header("Cc"),
            "recipients": recipients,
            "partner_ids": [],
            "references": header("References", " "),
            "in_reply_to": header("In-Reply-To", " ").strip(),
            "body": append_content_to_html("", payload_text(message), preserve=True),
            "attachments": [self._Attachment(ORIGINAL_NAME, raw_bytes(message), {})],
            UNREADABLE: True,
        }
        try:
            msg_dict.update(self._message_parse_extract_from_parent(self._get_parent_message(msg_dict)))
            msg_dict.update(self._message_parse_extract_bounce(message, msg_dict))
        except Exception:  # not a bounce as far as we can tell; routed by its headers
            _logger.info("Mail %s: no bounce data read", msg_dict["message_id"], exc_info=True)
            msg_dict["is_bounce"] = False
        return msg_dict

    def _message_parse_extract_payload(self, message, message_dict, save_original=False):
        """A multipart whose MIME boundary is broken has no parts for Odoo: its text is kept as the body and the
        whole mail attached."""
        result = super()._message_parse_extract_payload(message, message_dict, save_original=save_original)
        broken = unsplit_parts(message)
        if broken:
            body = result["body"]
            for part in broken:
                body = append_content_to_html(body, payload_text(part), preserve=True)
            attachments = list(result["attachments"])
            if not any(attachment[0] == ORIGINAL_NAME for attachment in attachments):
                attachments.append(self._Attachment(ORIGINAL_NAME, raw_bytes(message), {}))
            result = dict(result, body=body, attachments=attachments)
            message_dict[UNREADABLE] = True
            _logger.warning("Mail %s has a broken MIME structure: kept as text", message_dict.get("message_id"))
        return result

    def _message_parse_extract_bounce(self, email_message, message_dict):
        """A delivery report whose MIME boundary is broken: Odoo's parser takes its text for its parts and fails;
        read the bounced address (Final-Recipient) and the bounced mail (its Message-Id) from the text instead."""
        if not unsplit_parts(email_message):
            return super()._message_parse_extract_bounce(email_message, message_dict)
        if not self._detect_is_bounce(email_message, message_dict):
            return {"is_bounce": False}
        text = payload_text(email_message)
        recipient = FINAL_RECIPIENT_RE.search(text)
        bounced_email = email_normalize(recipient.group(1)) if recipient else False
        # sudo: the mail gateway looks up the bounced address among every contact, whoever's the bounce is
        Partner = self.env["res.partner"].sudo()
        bounced_partner = Partner.search([("email_normalized", "=", bounced_email)]) if bounced_email else Partner
        reported = email.message.Message()  # the reported headers, as Odoo reads them from a readable report
        for message_id in REPORTED_ID_RE.findall(text):
            reported["Message-Id"] = message_id
        bounced_message, bounced_msg_ids = self._get_bounced_message_data(reported, message_dict)
        if bounced_message and not bounced_partner and len(bounced_message.notification_ids.res_partner_id) == 1:
            bounced_partner = bounced_message.notification_ids.res_partner_id
            bounced_email = bounced_partner.email_normalized
        return {
            "bounced_email": bounced_email,
            "bounced_partner": bounced_partner,
            "bounced_msg_ids": bounced_msg_ids or unfold_references(message_dict.get("in_reply_to") or ""),
            "bounced_message": bounced_message,
            "is_bounce": True,
        }


def _known_charset(charset):
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True
