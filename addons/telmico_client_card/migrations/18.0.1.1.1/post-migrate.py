from odoo.tools.sql import drop_index


def migrate(cr, version):
    """The subscriber number had two identical indexes: its own and its unique constraint's. Odoo keeps an index
    it no longer declares, so the first one is dropped here."""
    if version:
        drop_index(cr, "telmico_subscriber__number_index", "telmico_subscriber")
