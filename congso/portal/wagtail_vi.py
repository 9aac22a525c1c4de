"""Wagtail's page-editor and workflow messages that editors and boards meet, whose Vietnamese in
Wagtail's catalog is missing or wrong; listed so that ``makemessages`` keeps them in the
project's catalog (which comes first), like ``congso.core.wagtail_vi``. Nothing imports it."""

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    gettext_noop("Awaiting your review"),
    gettext_noop("Request changes"),
    gettext_noop("Approve with comment"),
    gettext_noop("Workflow history"),
    gettext_noop("Comment"),
    gettext_noop("Add child page"),
    gettext_noop("Draft saved"),
    gettext_noop("Last published"),
    gettext_noop("Last published by"),
    gettext_noop("Change document:"),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
)
