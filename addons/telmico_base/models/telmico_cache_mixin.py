from odoo import api, models


class TelmicoCacheMixin(models.AbstractModel):
    """Records an addon keeps in the registry's cache (``ormcache`` of what is read in every transaction): any
    change to them clears that cache, in every process (Odoo signals it to the others)."""

    _name = "telmico.cache.mixin"
    _description = "Records kept in the registry's cache"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def update_field_translations(self, field_name, translations, source_lang=None):
        # a translation edited in its dialog is no write
        result = super().update_field_translations(field_name, translations, source_lang=source_lang)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    def _telmico_put_in_cache(self, field_names, rows):
        """Put values kept in the registry's cache into this transaction's cache: ``rows`` holds, for each record of
        ``self`` in order, its values of ``field_names``. Values already there (read, or changed and not yet saved)
        are left as they are."""
        cache = self.env.cache
        for index, fname in enumerate(field_names):
            field = self._fields[fname]
            missing = [
                (record, row[index])
                for record, row in zip(self, rows, strict=True)
                if not cache.contains(record, field)
            ]
            if missing:
                records = self.browse([record.id for record, _value in missing])
                cache.update(records, field, [field.convert_to_cache(value, records) for _record, value in missing])
