"""Users and groups in the back office, Vietnamese style.

A Vietnamese full name has one order (họ, tên đệm, tên) and does not split into Django's
"first name" and "last name": Cổng số stores it whole in ``first_name`` with an empty
``last_name`` (so ``get_full_name()`` reads it right). Wagtail's forms ask for both halves,
both required, and show "Tên" before "Họ": the account page could not be saved by anyone.
These forms show one "Họ và tên" field instead, read a name Wagtail split (``last_name``
first) and store it whole. Groups are listed in Vietnamese dictionary order.
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.account import NameEmailForm
from wagtail.users.views.groups import GroupViewSet as WagtailGroupViewSet
from wagtail.users.views.groups import IndexView as WagtailGroupIndexView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from congso.core.forms import UserCreationForm, UserEditForm
from congso.core.text import sort_text


def full_name_of(user) -> str:
    """The full name in Vietnamese order, however it was stored."""
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


def in_vietnamese_order(queryset, field: str = "name", descending: bool = False):
    """``queryset`` ordered by ``field`` in Vietnamese dictionary order (a few rows: groups)."""
    rows = sorted(queryset.values_list("pk", field), key=lambda row: sort_text(row[1]))
    if descending:
        rows.reverse()
    if not rows:
        return queryset
    position = Case(
        *(When(pk=pk, then=Value(index)) for index, (pk, _name) in enumerate(rows)),
        output_field=IntegerField(),
    )
    return queryset.order_by(position, "pk")


class FullNameMixin:
    """Replaces first_name/last_name by a single required "Full name" field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("first_name", None)
        self.fields.pop("last_name", None)
        self.fields["full_name"] = forms.CharField(
            label=_("Full name"),
            max_length=150,
            help_text=_("Family name, middle name and given name, e.g. Nguyễn Văn An."),
        )
        self.initial.setdefault("full_name", full_name_of(self.instance))
        # The full name comes first, as on every Vietnamese form.
        self.order_fields(["full_name"])
        if "groups" in self.fields:
            field = self.fields["groups"]
            field.queryset = in_vietnamese_order(field.queryset)

    def _post_clean(self):
        full_name = " ".join(self.cleaned_data.get("full_name", "").split())
        if full_name:
            self.instance.first_name, self.instance.last_name = full_name, ""
        super()._post_clean()


class AccountNameEmailForm(FullNameMixin, NameEmailForm):
    """The name-and-email panel of the account page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            # Accounts made from a person's record may have no address: that must not stop
            # their owner from changing a password on the same page.
            self.fields["email"].required = False


class CongsoUserCreationForm(FullNameMixin, UserCreationForm):
    pass


class CongsoUserEditForm(FullNameMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return CongsoUserEditForm if for_update else CongsoUserCreationForm


class GroupIndexView(WagtailGroupIndexView):
    def order_queryset(self, queryset):
        ordering = self.ordering
        if isinstance(ordering, (list, tuple)) and len(ordering) == 1:
            ordering = ordering[0]
        if ordering in ("name", "-name"):
            return in_vietnamese_order(queryset, descending=ordering == "-name")
        return super().order_queryset(queryset)


class GroupViewSet(WagtailGroupViewSet):
    index_view_class = GroupIndexView
