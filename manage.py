#!/usr/bin/env python
"""Django's command-line utility. ASSURE_ENVIRONMENT (demo, test, production) names the settings;
without it, the demo's, so a new user needs no setup."""

import sys

from django.core.exceptions import ImproperlyConfigured


def main():
    from assure.settings.env import choose_settings

    try:
        choose_settings(default="demo")
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as refusal:
        sys.exit(f"Assure refuses to start: {refusal}")


if __name__ == "__main__":
    main()
