from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Inspection)
        auditlog.register(models.Judgement)
        auditlog.register(models.ActionPlan)
        auditlog.register(models.Section)
        auditlog.register(models.Recommendation, m2m_fields={"agencies"})
        auditlog.register(models.Action, m2m_fields={"cross_references"})
        auditlog.register(models.ActionLead)
        auditlog.register(models.SubAction)
        auditlog.register(models.SubActionLead)
        auditlog.register(models.Milestone)
        auditlog.register(models.ProgressUpdate)
        auditlog.register(models.EvidenceDocument)
        auditlog.register(models.GlossaryTerm)
        auditlog.register(models.SignOff)
        auditlog.register(models.TargetChange)
        auditlog.register(models.UpdateRound, m2m_fields={"sections", "agencies"}, exclude_fields=["actions"])
