"""Numbers typed the Vietnamese way: a dot between thousands, a comma before the decimals
(``40.532.154``, ``971,8``, ``1.234,5``). A number typed the English way (``971.8``,
``40,532,154``, ``1,234.5``) is refused with a message rather than misread."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

#: a number longer than this is no figure anyone types
MAX_LENGTH = 40

_PLAIN = re.compile(r"^\d+(,\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class NumberError(ValueError):
    """Text that is not a Vietnamese number; the message says how to write it."""


def parse_number(text: str | None) -> Decimal | None:
    """The value of ``text`` (``None`` for an empty field)."""
    if text is None:
        return None
    cleaned = _SPACES.sub("", str(text))
    if not cleaned:
        return None
    if len(cleaned) > MAX_LENGTH:
        raise NumberError(_("The number is too long."))
    sign = ""
    if cleaned[0] in "-+−":
        sign = "-" if cleaned[0] in "-−" else ""
        cleaned = cleaned[1:]
    if _PLAIN.match(cleaned) or _GROUPED.match(cleaned):
        try:
            return Decimal(sign + cleaned.replace(".", "").replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the patterns allow digits only
            raise NumberError(_("This is not a number.")) from exc
    example = {"text": text.strip()[:MAX_LENGTH]}
    if re.match(r"^[\d.,]+$", cleaned):
        if cleaned.count(",") > 1 or re.search(r",\d{3}\.", cleaned):
            raise NumberError(
                _(
                    "“%(text)s” looks written the English way: write thousands with a dot "
                    "and decimals with a comma, as 40.532.154 or 1.234,5."
                )
                % example
            )
        if "." in cleaned:
            raise NumberError(
                _(
                    "“%(text)s” looks written the English way: write decimals with a comma, "
                    "as 971,8; a dot only separates thousands, in groups of three digits."
                )
                % example
            )
    raise NumberError(_("“%(text)s” is not a number: write it as 40.532.154 or 971,8.") % example)


def input_number(value: Decimal | None) -> str:
    """A value as it is typed back into a field: ``971,8``, ``40.532.154``."""
    from .text import format_number

    if value is None:
        return ""
    whole = value == value.to_integral_value()
    return format_number(value.quantize(Decimal(1)) if whole else value.normalize())
