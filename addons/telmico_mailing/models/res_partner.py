from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

#: statuses of a mailing trace that did not reach the client: they do not count against the cap
UNDELIVERED_TRACE_STATUSES = ("cancel", "error", "bounce")


class ResPartner(models.Model):
    _inherit = "res.partner"

    mailing_message_ids = fields.One2many("telmico.mailing.message", "partner_id", string="Cabinet messages")

    @api.model
    def _mailing_consent_domain(self, channel, kind):
        """Clients a message of ``channel`` (sms, mail, cabinet) and ``kind`` may reach, by their consents.

        SMS needs the SMS consent and a mobile, e-mail the e-mail consent and an address, and
        neither may be on Odoo's blacklists (opt-outs: unsubscribe link, SMS STOP); advertising
        also needs the marketing consent.
        """
        domain = {
            "sms": [("consent_sms", "=", True), ("mobile", "!=", False), ("phone_sanitized_blacklisted", "=", False)],
            "mail": [("consent_email", "=", True), ("email_normalized", "!=", False), ("is_blacklisted", "=", False)],
        }.get(channel, [])
        if kind == "advertising":
            domain = expression.AND([domain, [("consent_marketing", "=", True)]])
        return domain

    def _search_phone_sanitized_blacklisted(self, operator, value):
        """Odoo's search, as a subquery: Odoo reads the ids of every contact whose number is (or is not)
        blacklisted and puts them all in the domain, which for an SMS mailing's audience is every client."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return super()._search_phone_sanitized_blacklisted(operator, value)
        blacklisted = SQL(
            """(SELECT partner.id FROM res_partner partner
                  JOIN phone_blacklist bl ON bl.number = partner.phone_sanitized AND bl.active)"""
        )
        self.env["phone.blacklist"].flush_model(["number", "active"])
        self.flush_model(["phone_sanitized"])
        return [("id", "in" if (operator == "=") == value else "not in", blacklisted)]

    @api.model
    def _mailing_capped_ids(self, partner_ids, now=None):
        """Ids among ``partner_ids`` who already got the most advertising messages the frequency cap allows.

        Counted over the cap's window: advertising mass mailings that reached them (traces)
        and advertising event-driven messages (trigger log). ``set()`` when no cap is set.
        """
        params = self.env["ir.config_parameter"].sudo()  # sudo: the cap is a setting every sender applies
        limit = int(params.get_param("telmico_mailing.frequency_cap_count", 0) or 0)
        days = int(params.get_param("telmico_mailing.frequency_cap_days", 0) or 0)
        if limit <= 0 or days <= 0 or not partner_ids:
            return set()
        since = (now or fields.Datetime.now()) - timedelta(days=days)
        self.env["mailing.trace"].flush_model()
        self.env["telmico.mailing.trigger.log"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT res_id FROM (
                       SELECT t.res_id FROM mailing_trace t JOIN mailing_mailing m ON m.id = t.mass_mailing_id
                        WHERE t.model = 'res.partner' AND t.res_id = ANY(%(ids)s) AND m.mailing_kind = 'advertising'
                          AND t.create_date >= %(since)s AND t.trace_status NOT IN %(undelivered)s
                       UNION ALL
                       SELECT l.partner_id FROM telmico_mailing_trigger_log l
                        WHERE l.partner_id = ANY(%(ids)s) AND l.mailing_kind = 'advertising' AND l.state = 'sent'
                          AND l.create_date >= %(since)s
                   ) sent GROUP BY res_id HAVING count(*) >= %(limit)s""",
                ids=list(partner_ids),
                since=since,
                undelivered=UNDELIVERED_TRACE_STATUSES,
                limit=limit,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}
