"""Registrations of sector statistics in the back office: one "Statistics" menu with the
metadata, the data-entry screens, the submissions and the API tokens; the audit actions. The
screens live in ``backoffice/``."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_stats_actions(actions):
    actions.register_action("congso.submit", _("Submit figures"), _("Figures submitted"))
    actions.register_action("congso.approve", _("Approve figures"), _("Figures approved"))
    actions.register_action("congso.accept", _("Accept figures"), _("Figures accepted"))
    actions.register_action("congso.unapprove", _("Unapprove figures"), _("Figures unapproved"))
    actions.register_action("congso.revoke", _("Revoke"), _("Revoked"))


from . import wagtail_hooks_analysis  # noqa: E402, F401  the analysis screens
