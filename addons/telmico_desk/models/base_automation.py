from odoo import models, tools


class BaseAutomation(models.Model):
    _name = "base.automation"
    # a change to them clears the registry's cache: _telmico_rule_ids
    _inherit = ["base.automation", "telmico.cache.mixin"]

    def _get_actions(self, records, triggers):
        """Odoo searches the rules of the model for each message posted (and each create and write of a model that
        has rules): the request's rules are looked for in every mail the gateway receives. The rules of a model and
        trigger are kept until a rule changes; what Odoo returns is unchanged (the same rules, in their order, with
        the context that records what has run)."""
        automations = self if "__action_done" in self._context else self.with_context(__action_done={})
        return automations.browse(self._telmico_rule_ids(records._name, tuple(sorted(triggers))))

    @tools.ormcache("model_name", "triggers")
    def _telmico_rule_ids(self, model_name, triggers):
        """The active rules of a model for these triggers, in Odoo's order; read as the system, as Odoo does."""
        # sudo: Odoo itself looks the rules up as the system, whoever triggers them
        return tuple(
            self.with_context(active_test=True)
            .sudo()
            .search([("model_name", "=", model_name), ("trigger", "in", triggers)])
            .ids
        )
