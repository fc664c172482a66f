from odoo import api, fields, models

from ..tools.sms_text import segments, sms_latin

ENCODINGS = [("gsm7", "GSM-7"), ("ucs2", "UCS-2")]


class TelmicoSmsCounterMixin(models.AbstractModel):
    """The live size of an SMS text: characters, encoding and segments as written and in Latin, and its cost.

    Models using it say where the text is (``_sms_counter_text_field``), whether it goes out in Latin
    (``_sms_counter_transliterate``), to how many recipients (``_sms_counter_recipient_count``) and
    through which gateway (``_sms_counter_gateway``). The fields are computed, not stored: a form
    recomputes them whenever the text changes.
    """

    _name = "telmico.sms.counter.mixin"
    _description = "SMS size and cost counter"
    _sms_counter_text_field = "body"
    _sms_counter_depends = ()

    sms_char_count = fields.Integer(string="Characters", compute="_compute_sms_counter")
    sms_encoding = fields.Selection(ENCODINGS, string="Encoding", compute="_compute_sms_counter")
    sms_segment_count = fields.Integer(
        string="Segments", compute="_compute_sms_counter", help="Segments of one message as written."
    )
    sms_latin_encoding = fields.Selection(ENCODINGS, string="Encoding in Latin", compute="_compute_sms_counter")
    sms_latin_segment_count = fields.Integer(
        string="Segments in Latin", compute="_compute_sms_counter", help="Segments of one message transliterated."
    )
    sms_recipient_count = fields.Integer(string="Recipients", compute="_compute_sms_counter")
    sms_currency_id = fields.Many2one("res.currency", string="Currency", compute="_compute_sms_counter")
    sms_estimated_cost = fields.Monetary(
        string="Estimated cost",
        currency_field="sms_currency_id",
        compute="_compute_sms_counter",
        help="Segments sent (in Latin when transliterated) × recipients × the gateway's price per segment; "
        "placeholders are counted as written, before they are filled in.",
    )

    @api.depends(lambda self: (self._sms_counter_text_field, *self._sms_counter_depends))
    def _compute_sms_counter(self):
        for record in self:
            gateway = record._sms_counter_gateway()
            text = record[record._sms_counter_text_field] or ""
            written = segments(text)
            latin = segments(sms_latin(text, apostrophe="'" if gateway.apostrophe else ""))
            recipients = record._sms_counter_recipient_count()
            sent = latin if record._sms_counter_transliterate() else written
            record.sms_char_count = len(text)
            record.sms_encoding = written.encoding
            record.sms_segment_count = written.count
            record.sms_latin_encoding = latin.encoding
            record.sms_latin_segment_count = latin.count
            record.sms_recipient_count = recipients
            record.sms_currency_id = self.env.company.currency_id
            record.sms_estimated_cost = sent.count * recipients * gateway.segment_price

    def _sms_counter_gateway(self):
        # sudo: the gateways are the administrators'; everyone writing an SMS sees its price and switches
        return self.env["telmico.sms.gateway"].sudo()._default_gateway()

    def _sms_counter_transliterate(self):
        return self._sms_counter_gateway().transliterate

    def _sms_counter_recipient_count(self):
        return 1
