from odoo import models, tools

# What Odoo reads of each rule it finds for a message posted on a record (every mail the desk receives, every answer
# of an agent), whether the rule applies or not: its precondition, the model the precondition is evaluated on, and
# its name for the debug log. Reading them costs a query of the rule's every column in each transaction.
PRECONDITION_FIELDS = ("name", "model_name", "filter_pre_domain")


class BaseAutomation(models.Model):
    _name = "base.automation"
    # a change to them clears the registry's cache: _telmico_rule_ids, _telmico_rule_values
    _inherit = ["base.automation", "telmico.cache.mixin"]

    def _get_actions(self, records, triggers):
        """Odoo searches the rules of the model for each message posted (and each create and write of a model that
        has rules): the request's rules are looked for in every mail the gateway receives. The rules of a model and
        trigger are kept until a rule changes, and so is what Odoo reads of them to check their precondition; what
        Odoo returns is unchanged (the same rules, in their order, with the context that records what has run)."""
        automations = self if "__action_done" in self._context else self.with_context(__action_done={})
        rules = automations.browse(self._telmico_rule_ids(records._name, tuple(sorted(triggers))))
        if rules:
            rules._telmico_cache_precondition()
        return rules

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

    def _telmico_cache_precondition(self):
        """Put the rules' PRECONDITION_FIELDS in this transaction's cache, from the registry's cache."""
        rows = self._telmico_rule_values(tuple(self.ids), self.env.lang or "en_US")
        self._telmico_put_in_cache(PRECONDITION_FIELDS, rows)

    @tools.ormcache("rule_ids", "lang")
    def _telmico_rule_values(self, rule_ids, lang):
        """PRECONDITION_FIELDS of these rules, in this language (the name is translated)."""
        # sudo: as Odoo reads the rules it runs
        rules = self.browse(rule_ids).sudo().with_context(lang=lang)
        return tuple(tuple(rule[fname] for fname in PRECONDITION_FIELDS) for rule in rules)
