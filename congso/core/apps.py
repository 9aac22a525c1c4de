from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def grant_roles(sender, **kwargs):
    # Each app's permissions are created on that app's own signal: by the signal of the last
    # app with models, every permission any role declares exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from .roles import ensure_roles

    ensure_roles()


class CoreConfig(AppConfig):
    # This module also defines (and imports) other app configs: this one is "congso.core".
    default = True
    name = "congso.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(grant_roles, dispatch_uid="congso.core.grant_roles")
        from .backoffice import blockdefs, buttons, urls_fast

        blockdefs.install()
        buttons.install_icon_tag()
        urls_fast.install()


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user and group viewsets (Wagtail's documented way to
    customise its user forms; see congso/core/users.py)."""

    default = False
    user_viewset = "congso.core.users.UserViewSet"
    group_viewset = "congso.core.users.GroupViewSet"

    def ready(self):
        super().ready()
        from wagtail.admin.views import account

        from congso.core.users import AccountNameEmailForm

        # Wagtail builds the account page from fixed panel classes, with no setting for the
        # name-and-email form: the form is swapped on its panel.
        account.NameEmailSettingsPanel.form_class = AccountNameEmailForm
