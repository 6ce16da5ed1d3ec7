from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """Performance figures: summary tables made by a scheduled job from cases, published
    service standards, managers' KPIs and councillors' ward reports.

    It reads casework (and accounts) and nothing reads it but the portal's URLs and demo:
    ``portal -> insight -> casework -> accounts``. Other apps add reports to its
    dashboard through ``insight.reports.reports.add`` (the complaints report, say).
    """

    name = "insight"
    verbose_name = _("Performance and reports")

    def ready(self):
        from insight.selectors import register_builtin_reports

        register_builtin_reports()
