"""The model's limits, checked on every record before anything is written.

SQLite stores a 10.000-character name or a NUL byte without a word, PostgreSQL refuses them with
an error that names no file and no record, and a number beyond 64 bits overflows in the driver:
all are told here, in the importers' words, from the model's own ``_meta`` so that a changed
max_length is followed without a change here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection, models
from django.utils.translation import gettext as _

from .reading import CONTROL, RecordAt, failed, shown


@cache
def _limits(model: type[models.Model], name: str) -> tuple[str, int | None, int | None]:
    """("text", None, max_length), ("integer", lowest, highest) or ("other", None, None)."""
    field = model._meta.get_field(name)
    if isinstance(field, models.CharField):
        return "text", None, field.max_length
    if isinstance(field, models.IntegerField):
        # What the database holds for the field's type (a positive field starts at 0).
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return "integer", low, high
    return "other", None, None


def _whole(value: int) -> str:
    """1.234.567, exact at any size (format_number goes through a float)."""
    return f"{value:,}".replace(",", ".")


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def check_values(
    model: type[models.Model], values: dict[str, Any], file: str, where: str | RecordAt
) -> None:
    """Fail, naming the file and the record, on a value that a field of ``model`` cannot hold."""
    for name, value in values.items():
        if value is None:
            continue
        kind, low, high = _limits(model, name)
        if kind == "text":
            problem = _text_problem(value, high)
        elif kind == "integer":
            problem = _integer_problem(value, low, high)
        else:
            continue
        if problem:
            raise failed(file, where, f"{_label(model, name)}: {problem}")


def check_derived(
    model: type[models.Model],
    instance: models.Model,
    derived: tuple[str, ...],
    source: str,
    file: str,
    where: str | RecordAt,
) -> None:
    """The fields derived from ``source`` (search text, sort key) must fit their columns too:
    a sort key takes four characters a letter, so a name just within its own limit may not."""
    for name in derived:
        _kind, _low, max_length = _limits(model, name)
        value = getattr(instance, name)
        if max_length is not None and isinstance(value, str) and len(value) > max_length:
            raise failed(
                file,
                where,
                _("%(field)s is too long to be indexed (%(length)s characters)")
                % {
                    "field": _label(model, source),
                    "length": _whole(len(getattr(instance, source))),
                },
            )


def _text_problem(value: str, max_length: int | None) -> str | None:
    bad = CONTROL.search(value)
    if bad is not None:
        return _("holds the control character %(char)s at position %(position)s") % {
            "char": shown(bad.group()),
            "position": _whole(bad.start() + 1),
        }
    if max_length is not None and len(value) > max_length:
        return _("%(length)s characters, at most %(limit)s are allowed") % {
            "length": _whole(len(value)),
            "limit": _whole(max_length),
        }
    return None


def _integer_problem(value: int, low: int | None, high: int | None) -> str | None:
    if (low is not None and value < low) or (high is not None and value > high):
        return _("%(value)s is out of range (%(low)s to %(high)s)") % {
            "value": shown(_whole(value)),
            "low": _whole(low) if low is not None else "…",
            "high": _whole(high) if high is not None else "…",
        }
    return None
