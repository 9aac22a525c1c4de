"""Folding with offsets, query parsing and highlighting for the portals' search.

:func:`congso.core.text.fold` folds a whole text and squeezes its spaces, so the offsets of the
folded text do not map back to the original. Here every character folds on its own (``"Đ"`` ->
``"d"``, ``"ế"`` -> ``"e"``), so that a match found in the folded text is highlighted in the
original one, marks and capitals kept."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from congso.core.text import fold

#: a query is cut to this many characters and terms (words and phrases)
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_PHRASE_WORDS = 8

WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d")


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset of the original character
    it comes from."""
    parts: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = ch if ch.isascii() and not ch.isupper() else fold_char(ch)
        parts.append(folded)
        origin.extend([i] * len(folded))
    return "".join(parts), origin


def index_text(text: str) -> str:
    """What the full-text index stores: the folded words, separated by one space (the same
    tokens on SQLite's FTS5 and on PostgreSQL's ``simple`` parser)."""
    return " ".join(WORD.findall(fold(text)))


@dataclass
class ParsedQuery:
    """A query as the search understands it: folded words and folded phrases (lists of
    words), and what was cut from it."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def terms(self) -> list[list[str]]:
        """Every term as a list of words (a word is a phrase of one)."""
        return [[w] for w in self.words] + self.phrases

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every term quoted (no operator or column filter a user
        typed survives: each is a word character sequence), all terms required."""
        return " AND ".join('"' + " ".join(term) + '"' for term in self.terms)


def parse_query(query: str | None) -> ParsedQuery:
    """Words and "quoted phrases" of a query, folded. Operators (``AND``, ``-``, ``*``, ``:``,
    ``^``, parentheses) are not operators here: only word characters are kept. An unbalanced
    quote quotes to the end of the query."""
    query = query or ""
    parsed = ParsedQuery(truncated=len(query) > MAX_QUERY_LENGTH)
    query = query[:MAX_QUERY_LENGTH].replace("“", '"').replace("”", '"')
    seen: set[tuple[str, ...]] = set()
    for index, chunk in enumerate(query.split('"')):
        words = WORD.findall(fold(chunk))
        if not words:
            continue
        if index % 2 and len(words) > 1:
            terms = [tuple(words[:MAX_PHRASE_WORDS])]
            parsed.truncated |= len(words) > MAX_PHRASE_WORDS
        else:
            terms = [(w,) for w in words]
        for term in terms:
            if term in seen:
                continue
            if len(seen) >= MAX_TERMS:
                parsed.truncated = True
                break
            seen.add(term)
            if len(term) == 1:
                parsed.words.append(term[0])
            else:
                parsed.phrases.append(list(term))
    return parsed


def _term_pattern(parsed: ParsedQuery) -> re.Pattern | None:
    if parsed.empty:
        return None
    alternatives = sorted(
        (r"[\W_]+".join(map(re.escape, term)) for term in parsed.terms), key=len, reverse=True
    )
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def _spans(folded: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(folded)] if pattern else []


def highlight(text: str, parsed: ParsedQuery, *, width: int | None = None) -> SafeString:
    """``text`` escaped, with every match of the query in ``<mark>``; with ``width``, only a
    window of about that many characters around the first match (with "…" where cut)."""
    text = text or ""
    folded, origin = fold_with_offsets(text)
    spans = _spans(folded, _term_pattern(parsed))
    # folded offsets -> original offsets (end: the character after the last one matched)
    marks = [(origin[a], origin[b - 1] + 1) for a, b in spans]
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = marks[0][0] if marks else 0
        start = max(0, first - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > max(start, marks[0][1] if marks else 0) else end
    out: list[str] = ["…"] if start else []
    cursor = start
    for a, b in marks:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(escape(text[cursor:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))


def matches(text: str, parsed: ParsedQuery) -> bool:
    pattern = _term_pattern(parsed)
    return bool(pattern and pattern.search(fold_with_offsets(text or "")[0]))
