from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self):
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        from . import models

        for model in (
            models.Partnership,
            models.Agency,
            models.Officer,
            models.Forum,
            models.Membership,
        ):
            auditlog.register(model)
        auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])
