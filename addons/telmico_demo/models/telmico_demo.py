from odoo import api, models

from ..generators import ReportingDemo


class TelmicoDemo(models.AbstractModel):
    """Generator of realistic Georgian demo data, sized and seeded (see tools/demo_data.py).

    Used by `make run`, the tests and the benchmarks; never installed in production. The work
    is done by the area generators of ``generators/`` (clients → services → desk → knowledge base → mailing → call
    centre → paid services → bank payments → tax invoices → management tasks → reporting figures), each resting
    on the data of the one below it.
    """

    _name = "telmico.demo"
    _description = "Telmico demo data generator"

    @api.model
    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        """Create the demo world of ``size`` clients (``seed``: the generator's default); returns counts by kind."""
        return self._generator()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)

    @api.model
    def _generator(self):
        return ReportingDemo(self.env)
