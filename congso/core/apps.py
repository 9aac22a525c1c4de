from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CoreConfig(AppConfig):
    name = "congso.core"
    label = "core"
    verbose_name = _("Core")


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user and group viewsets (Wagtail's documented way to
    customise its user forms; see congso/core/users.py)."""

    user_viewset = "congso.core.users.UserViewSet"
    group_viewset = "congso.core.users.GroupViewSet"

    def ready(self):
        super().ready()
        from wagtail.admin.views import account

        from congso.core.users import AccountNameEmailForm

        # Wagtail builds the account page from fixed panel classes, with no setting for the
        # name-and-email form: the form is swapped on its panel.
        account.NameEmailSettingsPanel.form_class = AccountNameEmailForm
