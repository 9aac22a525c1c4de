from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_roles(sender, **kwargs):
    # Each app's permissions are created on that app's own signal: by the signal of the last
    # app with models, every permission any role declares exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from .roles import ensure_roles

    ensure_roles()


class CoreConfig(AppConfig):
    name = "congso.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(grant_roles, dispatch_uid="congso.core.grant_roles")
