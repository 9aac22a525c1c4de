"""What the work programme's screens share."""

from django.db.models import Q, QuerySet


def with_current_many(choices: QuerySet, current: list[int]) -> QuerySet:
    """``choices`` plus the values a record already holds (several)."""
    if not current:
        return choices
    return choices.model._default_manager.filter(Q(pk__in=choices.values("pk")) | Q(pk__in=current))


def changed_data(form, instance, names) -> dict:
    """The fields of ``names`` whose cleaned value differs from what ``instance`` holds."""
    changed = {}
    for name in names:
        if name not in form.cleaned_data or form.fields[name].disabled:
            continue
        value = form.cleaned_data[name]
        current = getattr(instance, name) if instance is not None else None
        if instance is None or value != current:
            changed[name] = value
    return changed
