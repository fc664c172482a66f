"""18.0.1.2.0: the client card's rules apply to clients only (res.partner.is_client).

Before this version every contact was treated as a client. The contacts that carry data
only the client card writes become clients: a personal number, a subscriber link, a debt
case, a request on the desk, or one of the card's own fields (first or last name, segment,
birthday, preferred channel, consents, identity check). Suppliers, employees' private
addresses and the like stay ordinary contacts. The generated demo clients all have a
preferred channel, so every one of them stays a client.

The search now uses res.partner.search_text and mail.thread.phone's phone indexes: the
indexes of the former search are dropped.
"""

from odoo.tools import SQL
from odoo.tools.sql import table_exists


def migrate(cr, version):
    if not version:
        return
    markers = [
        SQL("p.personal_number IS NOT NULL"),
        SQL("p.first_name IS NOT NULL"),
        SQL("p.last_name IS NOT NULL"),
        SQL("p.segment_id IS NOT NULL"),
        SQL("p.birthday IS NOT NULL"),
        SQL("p.preferred_channel IS NOT NULL"),
        SQL("p.identity_confirmed"),
        SQL("p.consent_sms"),
        SQL("p.consent_email"),
        SQL("p.consent_marketing"),
        SQL("EXISTS (SELECT 1 FROM telmico_subscriber_link l WHERE l.partner_id = p.id)"),
        SQL("EXISTS (SELECT 1 FROM telmico_debt_case c WHERE c.partner_id = p.id)"),
    ]
    if table_exists(cr, "telmico_request"):
        markers.append(SQL("EXISTS (SELECT 1 FROM telmico_request r WHERE r.partner_id = p.id)"))
    cr.execute(
        SQL(
            "UPDATE res_partner p SET is_client = TRUE WHERE p.is_client IS NOT TRUE AND (%s)",
            SQL(" OR ").join(markers),
        )
    )
    cr.execute(
        SQL(
            """DROP INDEX IF EXISTS res_partner_street_trgm_idx, res_partner_street2_trgm_idx,
                                    res_partner_mobile_idx, res_partner_phone_idx"""
        )
    )
