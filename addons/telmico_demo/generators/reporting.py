from .tasks import TasksDemo


class ReportingDemo(TasksDemo):
    """Reporting: the daily figures of the demo requests, counted at once (the cron would count them within
    15 minutes), so that the dashboards show the demo world as soon as it is made."""

    def _generate(self, size=2000, seed=None, billing_url=None, commit=False):
        stats = super()._generate(size=size, seed=seed, billing_url=billing_url, commit=commit)
        stats["daily_figure_days"] = len(self.env["telmico.reporting.request.daily"]._cron_refresh())
        return stats
