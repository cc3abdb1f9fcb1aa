"""Import every plan of the import corpus (tests/imports/corpus/) as a new user would, and print
for each file and field how many of the plan's cells went into the right field, into a wrong one,
or were lost; once with the app's own proposals, once with the file's listed choices made.

    python scripts/import_report.py            every field of every file, then the totals
    python scripts/import_report.py --brief    one line per file, then the totals
    python scripts/import_report.py NAME ...   only the layouts named

It runs on a throwaway in-memory SQLite database (the import is rehearsed there, for a new
partnership with no agencies or officers) and always exits 0: it measures, it does not judge.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "assure.settings.test"
os.environ["DATABASE_URL"] = "sqlite:///:memory:"


def main(arguments: list[str]) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from tests.imports.corpus import layouts
    from tests.imports.corpus.report import rehearsal_for_new_partnership, report

    call_command("migrate", verbosity=0)
    brief = "--brief" in arguments
    names = [argument for argument in arguments if not argument.startswith("--")]
    chosen = [layout for layout in layouts() if not names or layout.name in names]
    print(report(chosen, rehearse=rehearsal_for_new_partnership(), brief=brief))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
