from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "congso.workplan"
    label = "workplan"
    verbose_name = _("Work programme")
