"""The plan: inspection -> plan -> sections -> recommendations -> actions -> progress."""

from .actions import Action, ActionLead, Milestone, SubAction, SubActionLead
from .choices import Grade, Inspectorate, Rag, Status, SubActionKind, Timeframe
from .inspections import Inspection, Judgement
from .plans import ActionPlan, GlossaryTerm, Recommendation, Section, timeframe_from_words
from .progress import EvidenceDocument, ProgressUpdate

__all__ = [
    "Action",
    "EvidenceDocument",
    "ActionLead",
    "ActionPlan",
    "GlossaryTerm",
    "Grade",
    "Inspection",
    "Inspectorate",
    "Judgement",
    "Milestone",
    "ProgressUpdate",
    "Rag",
    "Recommendation",
    "Section",
    "Status",
    "SubAction",
    "SubActionKind",
    "SubActionLead",
    "Timeframe",
    "timeframe_from_words",
]
