from odoo import api, models, tools


class MailAliasDomain(models.Model):
    _name = "mail.alias.domain"
    # a change to them clears the registry's cache: _telmico_all_ids
    _inherit = ["mail.alias.domain", "telmico.cache.mixin"]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Odoo searches every alias domain, in their order, once or twice in each mail the gateway receives (is it
        a bounce? is it written to a catch-all?): that search is answered from the registry's cache. The same
        domains, in the same order, after the same access check; other searches as Odoo does."""
        if (
            not domain
            and not offset
            and limit is None
            and (order or self._order) == self._order
            and (self.env.su or not self.env["ir.rule"]._compute_domain(self._name, "read"))
        ):
            self.browse().check_access("read")
            return self.browse(self._telmico_all_ids())._as_query(ordered=True)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @tools.ormcache()
    def _telmico_all_ids(self):
        """The ids of every alias domain, in their order (kept until an alias domain changes)."""
        # sudo: the ids only; the caller's access is checked by _search
        return tuple(super(MailAliasDomain, self.sudo())._search([], order=self._order).get_result_ids())
