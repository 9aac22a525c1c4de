from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_roles(sender, using="default", **kwargs):
    # Auth creates each app's permissions on that app's signal; by auth's own signal (it comes
    # after the directory in INSTALLED_APPS) every permission the roles need exists.
    if sender.label != "auth":
        return
    from .roles import ensure_roles

    ensure_roles()


class DirectoryConfig(AppConfig):
    name = "congso.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        post_migrate.connect(create_roles, dispatch_uid="congso.directory.create_roles")
