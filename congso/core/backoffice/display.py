"""How a value reads on a back-office screen, by its type: the same words in listings, detail
pages and exports of every app (1.234.567, 27/03/2014, times in Asia/Ho_Chi_Minh, Có/Không,
choices by their label, "—" for nothing)."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from congso.core.text import format_date, format_datetime, format_number

#: what an empty value reads as: an empty cell looks like a page that failed to load
EMPTY = "—"


def yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no")).capitalize()


def is_plain_number(name: str | None) -> bool:
    """Years and codes are numbers nobody groups: 2019, not 2.019."""
    return bool(name) and (name == "year" or name.endswith("_year"))


def choice_label(field: models.Field | None, value):
    """The label of a stored choice ("Cấp tỉnh" for 1), or the value itself."""
    if field is None or not getattr(field, "flatchoices", None) or value is None:
        return value
    return dict(field.flatchoices).get(value, value)


def display_value(value, field: models.Field | None = None, name: str | None = None) -> str:
    """``value`` as a Vietnamese reader expects it, whatever app it comes from."""
    name = name or getattr(field, "name", None)
    value = choice_label(field, value)
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, int | float | Decimal):
        return force_str(value) if is_plain_number(name) else format_number(value)
    if isinstance(value, models.Manager):
        return ", ".join(str(item) for item in value.all()) or EMPTY
    return force_str(value)
