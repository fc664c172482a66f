"""18.0.1.1.0: the figures per agent lose the category (it made them as long as the requests) and every table of
figures gains the clients' ratings (CSAT): count them again, from the requests, in one statement."""

import logging

from odoo import api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    cr.execute(SQL("ALTER TABLE telmico_reporting_request_daily DROP COLUMN IF EXISTS category_id"))
    env["telmico.reporting.request.daily"]._refresh()
    _logger.info("Daily request figures counted again (per agent without the category, with the ratings)")
