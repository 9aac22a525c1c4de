"""Folded whole-word search for the back office and the selectors.

Every word of a query must match the start of a word of a stored folded text (``search_text``):
"yen thanh" finds "UBND huyện Yên Thành" but not "Đài Truyền thanh", where "yen" sits inside
"truyen". Matches of the whole phrase at the start rank first."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .text import fold

#: a query is cut to this many words and characters: a 2 KB query would otherwise build an
#: expression tree the database refuses
MAX_WORDS = 8
MAX_LENGTH = 200


def bounded_query(query: str | None) -> str:
    """``query`` cut to the words a search uses, as typed (not folded)."""
    return " ".join((query or "")[:MAX_LENGTH].split()[:MAX_WORDS])


def query_words(query: str | None) -> list[str]:
    return fold((query or "")[:MAX_LENGTH]).split()[:MAX_WORDS]


def word_match(field: str, query: str | None) -> Q:
    """A condition true where every word of ``query`` begins a word of ``field``."""
    condition = Q()
    for word in query_words(query):
        condition &= Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
    return condition


def folded_search(queryset: QuerySet, query: str | None, field: str = "search_text") -> QuerySet:
    return queryset.filter(word_match(field, query))


def search_rank(field: str, query: str | None) -> Case:
    """0 where the text begins with the whole query, 1 where the phrase begins a later word,
    2 otherwise: "vnpt" lists "VNPT Nghệ An" before "Trung tâm … VNPT"."""
    phrase = " ".join(query_words(query))
    return Case(
        When(**{f"{field}__startswith": phrase}, then=Value(0)),
        When(**{f"{field}__contains": f" {phrase}"}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
