from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Board papers"

    def ready(self):
        from auditlog.registry import auditlog

        from actionplans.signals import round_closed

        from . import models, services

        auditlog.register(models.PlanVersion, exclude_fields=["snapshot", "figures"])
        auditlog.register(models.CoverReport)
        auditlog.register(models.ReportImplication)
        round_closed.connect(services.version_freeze_on_round_close, dispatch_uid="reporting.version_freeze")
