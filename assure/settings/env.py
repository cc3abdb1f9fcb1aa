"""Typed readers for settings that come from environment variables."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_choice(name: str, choices, default: str) -> str:
    raw = os.environ.get(name, default)
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


ENVIRONMENTS = {
    "demo": "assure.settings.demo",
    "test": "assure.settings.test",
    "production": "assure.settings.production",
}


def choose_settings(default: str) -> None:
    """Point DJANGO_SETTINGS_MODULE at the settings ASSURE_ENVIRONMENT names (`default` when it is
    unset), unless DJANGO_SETTINGS_MODULE is set already: then that module checks the two agree."""
    name = os.environ.get("ASSURE_ENVIRONMENT") or default
    if name not in ENVIRONMENTS:
        raise ImproperlyConfigured(f"ASSURE_ENVIRONMENT must be one of {', '.join(ENVIRONMENTS)}, not {name!r}.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", ENVIRONMENTS[name])


def refuse_another_environment(name: str) -> None:
    """Stop the start when ASSURE_ENVIRONMENT names another environment than these settings'
    (ASSURE_ENVIRONMENT=production with DJANGO_SETTINGS_MODULE=assure.settings.demo)."""
    named = os.environ.get("ASSURE_ENVIRONMENT")
    if named and named != name:
        raise ImproperlyConfigured(
            f"ASSURE_ENVIRONMENT is {named!r} but DJANGO_SETTINGS_MODULE names the {name} settings "
            f"({os.environ.get('DJANGO_SETTINGS_MODULE')}). Unset DJANGO_SETTINGS_MODULE, or make the two agree."
        )
