class DemoGenerator:
    """Base of the demo generators: one per product area, each extending the one below it.

    Plain Python, not an Odoo model, so that nothing of the demo ships with the product addons.
    Each area's ``_generate`` calls ``super()._generate`` first, so that its data can rest on
    the data of the areas below it (clients → services → desk).
    """

    def __init__(self, env):
        self.env = env

    def with_context(self, **values):
        """The same generator on an environment with ``values`` added to the context."""
        return type(self)(self.env(context=dict(self.env.context, **values)))
