from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # a public holiday (a leave of no resource) changed: the working intervals cached per calendar and year are
    # out of date; the leaves of one person do not count in them

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        if leaves._telmico_public():
            self.env.registry.clear_cache()
        return leaves

    def write(self, vals):
        public = self._telmico_public()
        result = super().write(vals)
        if public or self._telmico_public():
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        public = self._telmico_public()
        result = super().unlink()
        if public:
            self.env.registry.clear_cache()
        return result

    def _telmico_public(self):
        return any(not leave.resource_id for leave in self)
