"""Registrations of one-stop services in the back office: one menu, the audit actions and the
desk's own views. The screens live in ``backoffice/``."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

ACTIONS = {
    "onestop.submit": (_("Submit"), _("Submitted online")),
    "onestop.accept": (_("Accept"), _("Received and accepted")),
    "onestop.supplement": (_("Request supplement"), _("Supplement requested")),
    "onestop.supplement_received": (_("Supplement received"), _("Supplement received")),
    "onestop.refuse": (_("Refuse"), _("Refused")),
    "onestop.step": (_("Complete step"), _("Step completed")),
    "onestop.transfer": (_("Transfer"), _("Transferred")),
    "onestop.transfer_return": (_("Return from transfer"), _("Returned from transfer")),
    "onestop.apology": (_("Apologise"), _("Apology letter issued")),
    "onestop.result_ready": (_("Result ready"), _("Result ready")),
    "onestop.returned": (_("Return result"), _("Result returned")),
    "onestop.rated": (_("Rate"), _("Satisfaction rated")),
    "onestop.import": (_("Import procedures"), _("Procedures imported")),
}


@hooks.register("register_log_actions")
def register_onestop_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
