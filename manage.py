#!/usr/bin/env python
"""Django's command-line utility; defaults to the demo settings so a new user needs no setup."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.settings.demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
