from odoo import api, fields, models
from odoo.tools import SQL

REASONS = [
    ("phone", "Same phone"),
    ("identifier", "Same personal number / company ID"),
    ("name_address", "Same name and address"),
]


class TelmicoClientDuplicate(models.Model):
    """A pair of clients that probably are one person, found by the nightly scan."""

    _name = "telmico.client.duplicate"
    _description = "Probable duplicate clients"
    _order = "state, reason, id desc"
    _rec_name = "value"

    partner_id = fields.Many2one("res.partner", string="Client", required=True, ondelete="cascade", index=True)
    duplicate_partner_id = fields.Many2one(
        "res.partner", string="Probable duplicate", required=True, ondelete="cascade", index=True
    )
    reason = fields.Selection(REASONS, required=True)
    value = fields.Char(string="Shared value")
    state = fields.Selection(
        [("open", "To review"), ("dismissed", "Not a duplicate")], default="open", required=True, index=True
    )
    partner_subscriber_numbers = fields.Char(related="partner_id.subscriber_numbers", string="Subscribers")
    duplicate_subscriber_numbers = fields.Char(
        related="duplicate_partner_id.subscriber_numbers", string="Duplicate's subscribers"
    )

    _sql_constraints = [
        (
            "pair_uniq",
            "unique(partner_id, duplicate_partner_id, reason)",
            "This pair is already listed for this reason.",
        ),
        ("pair_order", "CHECK(partner_id < duplicate_partner_id)", "Pairs are stored once, lower id first."),
    ]

    @api.model
    def _cron_detect(self):
        """Scan the clients with one set-based query per criterion (index scans and hash aggregates).

        A shared phone alone is normal (a family): phone pairs are listed only when the
        names also match (the same name in another spelling or word order, or an initial
        for the first name). Dismissed pairs stay dismissed.
        """
        similar_names = SQL(
            "similarity(pa.name, pb.name) >= 0.9 OR (similarity(pa.name, pb.name) >= 0.5 AND left(pa.name, 1) = left(pb.name, 1))"
        )
        cr = self.env.cr
        queries = {
            "phone": SQL(
                """SELECT id, mobile AS value FROM res_partner WHERE active AND is_client AND mobile IS NOT NULL
                   UNION ALL SELECT id, phone FROM res_partner WHERE active AND is_client AND phone IS NOT NULL"""
            ),
            "identifier": SQL(
                """SELECT id, personal_number AS value FROM res_partner WHERE active AND personal_number IS NOT NULL
                   UNION ALL SELECT id, company_registry FROM res_partner
                    WHERE active AND is_client AND is_company AND company_registry IS NOT NULL"""
            ),
            "name_address": SQL(
                """SELECT id, lower(regexp_replace(name, '\\s+', ' ', 'g')) || ' / ' || lower(regexp_replace(street, '\\s+', ' ', 'g')) AS value
                     FROM res_partner WHERE active AND is_client AND street IS NOT NULL AND name IS NOT NULL AND NOT is_company"""
            ),
        }
        found = 0
        for reason, source in queries.items():
            pair_filter = similar_names if reason == "phone" else SQL("TRUE")
            cr.execute(
                SQL(
                    """WITH src AS (%(source)s),
                            groups AS (SELECT value, array_agg(DISTINCT id ORDER BY id) AS ids FROM src
                                        GROUP BY value HAVING count(DISTINCT id) BETWEEN 2 AND 20)
                       INSERT INTO telmico_client_duplicate
                              (partner_id, duplicate_partner_id, reason, value, state, create_uid, create_date, write_uid, write_date)
                       SELECT a, b, %(reason)s, g.value, 'open', %(uid)s, now() at time zone 'utc', %(uid)s, now() at time zone 'utc'
                         FROM groups g, unnest(g.ids) a, unnest(g.ids) b, res_partner pa, res_partner pb
                        WHERE a < b AND pa.id = a AND pb.id = b AND (%(pair_filter)s)
                       ON CONFLICT (partner_id, duplicate_partner_id, reason) DO NOTHING""",
                    source=source,
                    reason=reason,
                    uid=self.env.uid,
                    pair_filter=pair_filter,
                )
            )
            found += cr.rowcount
        return found

    def action_merge(self):
        self.ensure_one()
        return self.env["res.partner"]._action_merge_wizard(
            self.partner_id | self.duplicate_partner_id, self.partner_id
        )

    def action_dismiss(self):
        self.write({"state": "dismissed"})

    def action_reopen(self):
        self.write({"state": "open"})
