from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Partnership, models.Agency, models.Officer, models.Forum):
            auditlog.register(model)
        auditlog.register(models.Membership)
