from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Board papers"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.PlanVersion, exclude_fields=["snapshot", "figures"])
        auditlog.register(models.CoverReport)
        auditlog.register(models.ReportImplication)
