"""Vietnamese text helpers: folding for search and a collation key for sorting."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

# The Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
# Letters with a modifier (breve, circumflex, horn, stroke) sort after their base letter;
# tone marks only break ties.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def fold(text: str | None) -> str:
    """Lower-case, without tone marks or modifiers, đ as d: "Đô Lương" -> "do luong"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.replace("đ", "d").split())


def _split_letter(cluster: str) -> tuple[str, int]:
    """A base letter with its modifiers (one sort unit) and its tone (tie-break)."""
    tone = 0
    letter = []
    for ch in cluster:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            letter.append(ch)
    return unicodedata.normalize("NFC", "".join(letter)), tone


def sort_key(text: str | None) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Collation key in Vietnamese dictionary order (a < ă < â < b … d < đ …)."""
    if not text:
        return ((), ())
    decomposed = unicodedata.normalize("NFD", text.lower())
    clusters: list[str] = []
    for ch in decomposed:
        if unicodedata.category(ch) == "Mn" and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    primary: list[int] = []
    tones: list[int] = []
    for cluster in clusters:
        letter, tone = _split_letter(cluster)
        if letter in _LETTER_RANK:
            primary.append(100 + _LETTER_RANK[letter])
        elif letter.isdigit():
            primary.append(10 + int(letter))
        elif letter.isspace():
            primary.append(1)
        else:
            primary.append(200 + min(ord(letter[:1] or " "), 799))
        tones.append(tone)
    return tuple(primary), tuple(tones)


def sort_length(max_length: int) -> int:
    """The length of :func:`sort_text` of a text of at most ``max_length`` characters."""
    return 4 * max_length + 3


def sort_text(text: str | None) -> str:
    """The collation key as a string of digits, storable in a column, so that the database
    sorts Vietnamese correctly whatever its own collation (SQLite, PostgreSQL with any locale):
    three digits per letter, then "000", then one digit per tone."""
    primary, tones = sort_key(text)
    return "".join(f"{min(p, 999):03d}" for p in primary) + "000" + "".join(map(str, tones))


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """1234567 -> "1.234.567"; 971.8 -> "971,8" (decimals=None keeps the value's own)."""
    if value is None:
        return ""
    if isinstance(value, int):
        # An int formatted with "f" goes through a float: 12345678901234567890 would lose digits.
        value = Decimal(value)
    if decimals is None:
        # A float's own decimals are those of its shortest written form (971.8, not 971.799…);
        # no normalize(), which rounds a Decimal to the context's 28 digits.
        text = format(Decimal(str(value)) if isinstance(value, float) else value, "f")
        decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    formatted = f"{value:,.{decimals}f}"
    return formatted.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_datetime(value: datetime | None, seconds: bool = False) -> str:
    """ "27/03/2014 10:50" in the local time zone (Asia/Ho_Chi_Minh), whatever zone the value
    was stored in: a time in UTC beside one in local time reads as two different moments."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def format_datetime_long(value: datetime) -> str:
    """ "Thứ năm, 27/03/2014 10:50", the way Vietnamese portals date an article."""
    return f"{_WEEKDAYS[value.weekday()]}, {value.strftime('%d/%m/%Y %H:%M')}"
