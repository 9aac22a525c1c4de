"""API tokens of reporting systems: made here (the secret shown once), renamed, revoked."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView, ServiceCreateView
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.core.text import format_datetime
from congso.directory.selectors import visible_organisations

from .. import services
from ..models import ApiToken
from ..selectors import visible_tokens


class TokenForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        label=_("Revoke this token"),
        required=False,
        help_text=_("A revoked token opens nothing any more; this cannot be undone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = get_user_model().objects.filter(
            person__organisation__in=visible_organisations(self.for_user).values("pk")
        )
        if self.instance.user_id:
            accounts = get_user_model().objects.filter(
                pk__in=[*accounts.values_list("pk", flat=True), self.instance.user_id]
            )
        self.fields["user"].queryset = accounts.order_by("username")
        if self.instance.pk:
            self.fields["user"].disabled = True
            if self.instance.revoked:
                self.fields["revoke"].disabled = True
                self.fields["revoke"].initial = True
        else:
            del self.fields["revoke"]


def save_token(user, form, token):
    if token is None:
        token, secret = services.token_create(
            user=user, name=form.cleaned_data["name"], account=form.cleaned_data["user"]
        )
        token.secret = secret
        return token
    return services.token_update(
        user=user,
        token=token,
        name=form.cleaned_data["name"],
        revoke=bool(form.cleaned_data.get("revoke")) and not token.revoked,
    )


class TokenCreateView(ServiceCreateView):
    def get_success_message(self, instance):
        return format_html(
            "{} <code>{}</code>",
            _("Token made. Copy it now, it will not be shown again:"),
            instance.secret,
        )


class TokenIndexView(ScopedIndexView):
    list_select_related = ("user",)


class TokenViewSet(ScopedViewSet):
    model = ApiToken
    name = "stats_tokens"
    url_prefix = "stats/tokens"
    icon = "key"
    menu_label = _("API tokens")
    index_view_class = TokenIndexView
    add_view_class = TokenCreateView
    visible = staticmethod(visible_tokens)
    save_function = staticmethod(save_token)
    ordering = "-created"
    list_display = [
        Column("name", label=_("Name"), sort_key="name"),
        Column("prefix", label=_("Begins with"), accessor=lambda t: f"{t.prefix}…"),
        Column("user", label=_("Acts as")),
        Column("created", label=_("Created"), accessor=lambda t: format_datetime(t.created)),
        Column("last_used", label=_("Last used"), accessor=lambda t: format_datetime(t.last_used)),
        Column("revoked", label=_("Revoked"), accessor=lambda t: format_datetime(t.revoked)),
    ]
    list_export = ["name", "prefix", "user", "created", "last_used", "revoked"]
    export_headings = {
        "name": _("Name"),
        "prefix": _("Begins with"),
        "user": _("Acts as"),
        "created": _("Created"),
        "last_used": _("Last used"),
        "revoked": _("Revoked"),
    }
    export_filename = "ma-truy-cap-api"
    inspect_view_fields_exclude = ["search_text", "digest"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("user"), FieldPanel("revoke")],
        base_form_class=TokenForm,
    )
