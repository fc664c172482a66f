from odoo import api, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import escape_psql

# the levels of the registration's address pickers, from the widest
ADDRESS_LEVELS = ("district", "street", "building", "apartment")
ADDRESS_CHOICES = 50  # the values a picker offers at a time


class TelmicoSubscriber(models.Model):
    _inherit = "telmico.subscriber"

    def init(self):
        # the address pickers of the registration read the values of a level after equalities on the levels above
        # it: a district first (district, street, building, apartment) or a street first (street, building, ...)
        tools.create_index(
            self.env.cr,
            "telmico_subscriber_district_street_index",
            self._table,
            ["district", "street", "building", "apartment"],
        )
        tools.create_index(
            self.env.cr, "telmico_subscriber_street_building_index", self._table, ["street", "building", "apartment"]
        )

    @api.model
    def _address_domain(self, picked):
        """The subscribers at the address levels picked (``{level: value}``; empty levels are not picked)."""
        return [(level, "=", picked[level].strip()) for level in ADDRESS_LEVELS if (picked.get(level) or "").strip()]

    @api.model
    def address_values(self, level, picked=None, term=""):
        """The values of one address level among the subscribers at the levels picked, containing ``term``, in
        order: what a picker of the registration offers.

        A level is narrowed by the levels above it (a building needs its street, an apartment its building) and a
        district by the street when the street was picked first.
        """
        if level not in ADDRESS_LEVELS:
            raise UserError(self.env._("Unknown address level: %s.", level))
        if not isinstance(picked or {}, dict) or not isinstance(term or "", str):
            raise UserError(self.env._("The address pickers take texts."))
        picked = {
            key: value.strip()
            for key, value in (picked or {}).items()
            if key in ADDRESS_LEVELS and isinstance(value, str) and value.strip()
        }
        term = (term or "").strip()
        if level == "district" and picked.get("street"):
            # a street is in one district or a few: the street's index finds them
            return self._address_values_grouped(level, {"street": picked["street"]}, term)
        above = {key: picked[key] for key in ADDRESS_LEVELS[: ADDRESS_LEVELS.index(level)] if key in picked}
        if level in ("building", "apartment") and not all(
            key in above for key in ADDRESS_LEVELS[1 : ADDRESS_LEVELS.index(level)]
        ):
            return []  # a building needs its street, an apartment its building
        self.browse().check_access("read")
        if self.env["ir.rule"]._compute_domain(self._name, "read"):
            # someone limited by record rules (the personal cabinet) reads their few subscribers through them
            return self._address_values_grouped(level, above, term)
        return self._address_values_skip_scan(level, above, term)

    @api.model
    def _address_values_grouped(self, level, picked, term):
        domain = [*self._address_domain(picked), (level, "!=", False)]
        if term:
            domain.append((level, "ilike", term))
        groups = self._read_group(domain, [level], order=f"{level} asc", limit=ADDRESS_CHOICES)
        return [value for (value,) in groups]

    @api.model
    def _address_values_skip_scan(self, level, picked, term):
        """The distinct values of ``level`` after the equalities ``picked`` (the levels above it, a prefix of one of
        the address indexes), read one index probe per value instead of every subscriber of the area."""
        column = SQL.identifier(level)
        where = SQL(" AND ").join(
            [SQL("%s = %s", SQL.identifier(key), value) for key, value in picked.items()] or [SQL("TRUE")]
        )
        self.flush_model(ADDRESS_LEVELS)
        self.env.cr.execute(
            SQL(
                """WITH RECURSIVE found(value) AS (
                       (SELECT %(column)s FROM %(table)s WHERE %(where)s AND %(column)s IS NOT NULL
                         ORDER BY %(column)s LIMIT 1)
                       UNION ALL
                       SELECT (SELECT %(column)s FROM %(table)s WHERE %(where)s AND %(column)s > found.value
                                ORDER BY %(column)s LIMIT 1)
                         FROM found WHERE found.value IS NOT NULL
                   )
                   SELECT value FROM found WHERE value IS NOT NULL AND value ILIKE %(term)s LIMIT %(limit)s""",
                column=column,
                table=SQL.identifier(self._table),
                where=where,
                term=f"%{escape_psql(term)}%",
                limit=ADDRESS_CHOICES,
            )
        )
        return [value for (value,) in self.env.cr.fetchall()]
