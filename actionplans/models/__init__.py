"""The plan: inspection -> plan -> sections -> recommendations -> actions -> progress."""

from ..choices import (
    RAG_KEYS,
    RAG_LOOKS,
    Assurance,
    Decision,
    Grade,
    Inspectorate,
    Rag,
    RagLook,
    Status,
    SubActionKind,
    Timeframe,
)
from .actions import Action, ActionLead, Milestone, SubAction, SubActionLead
from .details import ACTION_DETAIL_NAMES, ACTION_DETAILS, Detail
from .inspections import Inspection, Judgement
from .plans import ActionPlan, GlossaryTerm, Recommendation, Section, timeframe_from_words
from .progress import EvidenceDocument, ProgressUpdate
from .reminders import Reminder, ReminderKind
from .rounds import UpdateRound
from .signoff import SignOff
from .targets import TargetChange, moves_later

__all__ = [
    "RAG_KEYS",
    "RAG_LOOKS",
    "RagLook",
    "ACTION_DETAILS",
    "ACTION_DETAIL_NAMES",
    "Detail",
    "Action",
    "Assurance",
    "Decision",
    "Reminder",
    "ReminderKind",
    "SignOff",
    "TargetChange",
    "UpdateRound",
    "moves_later",
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
