"""res.partner.total_debt becomes stored: fill the column in one statement before the ORM sees it.

With the column present, the ORM does not recompute the field for every contact at the update.
Contacts without a subscriber get 0, as the computation gives them.
"""


def migrate(cr, version):
    cr.execute("ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS total_debt numeric")
    cr.execute(
        """UPDATE res_partner p SET total_debt = COALESCE(d.debt, 0)
             FROM res_partner q
             LEFT JOIN (SELECT l.partner_id, SUM(s.debt) AS debt
                          FROM (SELECT DISTINCT partner_id, subscriber_id FROM telmico_subscriber_link) l
                          JOIN telmico_subscriber s ON s.id = l.subscriber_id
                         GROUP BY l.partner_id) d ON d.partner_id = q.id
            WHERE p.id = q.id"""
    )
