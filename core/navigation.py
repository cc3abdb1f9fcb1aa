"""The service menu: what each role can reach, and which item the current page belongs to."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    active: bool


# (label, URL name, the URL names or namespaces that count as this item)
_EVERYONE = [
    ("Home", "start", {"start", "my_actions"}),
    ("Dashboard", "reporting:dashboard", {"dashboard"}),
    ("Plans", "actionplans:plan_list", {"plan_list", "plan_detail"}),
    (
        "Actions",
        "actionplans:action_list",
        {"action_list", "action_detail", "progress_update_create"},
    ),
    ("Update rounds", "actionplans:round_list", {"round_list", "round_detail", "round_open", "round_close"}),
]
_MANAGER = [("Manage", "manage:index", {"manage"})]
_GLOSSARY = [("Glossary", "actionplans:glossary", {"glossary"})]


def navigation(request):
    """The menu for the member on the request (`request.membership`, which says whether they edit plans)."""
    membership = getattr(request, "membership", None)
    if not membership:
        return {}
    items = _EVERYONE + (_MANAGER if membership.edits_plans else []) + _GLOSSARY
    match = request.resolver_match
    here = {match.url_name, *match.namespaces} if match else set()
    return {"navigation": [MenuItem(label, reverse(name), bool(here & names)) for label, name, names in items]}
