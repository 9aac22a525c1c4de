"""What the directory's screens share: how a unit is named in a list, which units a form offers."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.text import format_date

from ..models import AdminUnit
from ..selectors import ended_unit, visible_units


def unit_label(unit: AdminUnit) -> str:
    """Communes share names across districts; the parent tells them apart."""
    if unit.parent_id:
        return f"{unit.full_name} ({unit.parent.full_name})"
    return unit.full_name


def units_in_force(user, *, keep: int | None = None):
    """Units the user may choose: their visible units in force today, plus the one already
    chosen (a unit since abolished must not make an old record uneditable)."""
    chosen = Q(pk__in=visible_units(user).valid_on(timezone.localdate()).values("pk"))
    if keep:
        chosen |= Q(pk=keep)
    return (
        AdminUnit.objects.filter(chosen)
        .select_related("parent")
        .order_by("level", "sort_name", "code")
    )


def map_date_from(request) -> date:
    field = forms.DateField(required=False)
    try:
        return field.clean(request.GET.get("on")) or timezone.localdate()
    except ValidationError:
        return timezone.localdate()


def with_current(choices: QuerySet, current_pk: int | None) -> QuerySet:
    """``choices`` plus the value a record already holds: a form shows what is saved, even a
    value the user could not choose today, so saving it unchanged keeps it."""
    if not current_pk:
        return choices
    model = choices.model
    return model._default_manager.filter(Q(pk__in=choices.values("pk")) | Q(pk=current_pk))


def keep_as_is(form, *names: str, reason) -> None:
    """Show fields read-only: their saved value is kept whatever a request posts."""
    for name in names:
        field = form.fields.get(name)
        if field is not None:
            field.disabled = True
            field.help_text = reason


ADMINISTRATOR_ONLY = _("Only an administrator may change this.")


def ended_unit_message(user) -> str:
    """What a user whose unit has ended reads where they would choose units: why they find
    none, and what to do."""
    ended = ended_unit(user)
    if ended is None:
        return ""
    unit, successors = ended
    message = _(
        "Your unit, %(unit)s, ended on %(day)s, so you can act for no administrative unit. "
        "Ask an administrator to move your account to the commune or provincial body that "
        "took over its work."
    ) % {"unit": unit.full_name, "day": format_date(unit.valid_to)}
    if successors:
        taken_over = _("Taken over by: %(units)s.") % {
            "units": ", ".join(unit_label(successor) for successor in successors)
        }
        message = f"{message} {taken_over}"
    return message
