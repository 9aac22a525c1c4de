"""The ``congso`` command line: Django's management commands plus the project's own.

Commands may be written with hyphens (``congso import-units``) or underscores.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading it loads the settings)
    except ImproperlyConfigured as exc:
        # A wrong setting is the operator's to fix: the sentence alone says how, a traceback
        # of Django's internals would bury it.
        print(exc, file=sys.stderr)
        sys.exit(2)
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
