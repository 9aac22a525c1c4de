"""People: staff of every organisation, their positions, and their accounts."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView, yes_no
from congso.core.backoffice.viewsets import ScopedViewSet

from ..models import Person
from ..selectors import visible_organisations, visible_people
from ..services import ADMINISTER_ACCOUNTS, PERSON_FIELDS, person_save
from .common import ADMINISTRATOR_ONLY, keep_as_is, with_current


class PersonForm(WagtailAdminModelForm):
    username = forms.CharField(
        label=_("Login name"),
        required=False,
        max_length=150,
        help_text=_("Optional: gives this person an account, inactive until a password is set."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, instance = self.for_user, self.instance
        self.fields["organisation"].queryset = with_current(
            visible_organisations(user), instance.organisation_id
        ).order_by("sort_name")
        if instance.user_id:
            del self.fields["username"]
            if not user.has_perm(ADMINISTER_ACCOUNTS):
                # The account reaches what the organisation reaches: moving the person is
                # account administration.
                keep_as_is(self, "organisation", reason=ADMINISTRATOR_ONLY)


def save_person(user, form, person):
    data = {k: v for k, v in form.cleaned_data.items() if k in PERSON_FIELDS}
    return person_save(
        user=user, data=data, person=person, username=form.cleaned_data.get("username", "")
    )


class PersonIndexView(ScopedIndexView):
    list_select_related = ("organisation", "user")


class PersonViewSet(ScopedViewSet):
    model = Person
    name = "directory_people"
    url_prefix = "directory/people"
    icon = "user"
    menu_label = _("People")
    index_view_class = PersonIndexView
    visible = staticmethod(visible_people)
    save_function = staticmethod(save_person)
    list_filter = ["position", "is_spokesperson"]
    ordering = "sort_name"
    list_display = [
        Column("full_name", label=_("Full name"), sort_key="sort_name"),
        Column("position", label=_("Position"), accessor="get_position_display"),
        Column("organisation", label=_("Organisation")),
        Column("email", label=_("Email")),
        Column("phone", label=_("Phone")),
        Column(
            "is_spokesperson",
            label=_("Spokesperson"),
            accessor=lambda p: yes_no(p.is_spokesperson),
        ),
        Column("user", label=_("Login name"), accessor="user.username"),
    ]
    list_export = ["full_name", "get_position_display", "position_detail", "organisation"]
    list_export += ["email", "phone", "is_spokesperson"]
    export_headings = {
        "full_name": _("Full name"),
        "get_position_display": _("Position"),
        "position_detail": _("Position as written"),
        "organisation": _("Organisation"),
        "email": _("Email"),
        "phone": _("Phone"),
        "is_spokesperson": _("Spokesperson"),
    }
    export_filename = "can-bo"
    inspect_view_fields_exclude = ["search_text", "sort_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("full_name"),
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("position"), FieldPanel("position_detail")]),
            FieldPanel("is_spokesperson"),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldPanel("duties"),
            FieldPanel("biography"),
            FieldPanel("username"),
        ],
        base_form_class=PersonForm,
    )
