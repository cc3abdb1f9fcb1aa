from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Partnership,
            models.Agency,
            models.Officer,
            models.Forum,
            models.Membership,
            models.SingleSignOn,
        ):
            auditlog.register(model)
        # Who invited whom, and who accepted or withdrew it; never the hash of the link's token.
        auditlog.register(models.Invitation, exclude_fields=["token_hash"])
        # A login linked to its account at an organisation's sign-in, by whom; like the devices, never
        # the throttling counts.
        auditlog.register(models.SingleSignOnIdentity, include_fields=["user", "name", "issuer", "subject"])
