"""The full-text part of the portals' search, on SQLite (FTS5) and PostgreSQL (``tsvector``).

Both index the same pre-folded words (:func:`~.text.index_text`), so a query folds the same way
whatever its tone marks, ``đ`` or case, and both databases find the same pages:

- SQLite: an FTS5 table ``portal_search_fts(title, lead, body)`` whose rowid is the entry's id,
  ranked by ``bm25`` with the title weighing 10 and the lead 4 against 1 for the body;
- PostgreSQL: a ``search_vector`` column on the entry table (title weight A, lead B, body C,
  ``simple`` configuration: no stemming, no stop words), a GIN index, ranked by ``ts_rank``.
"""

from django.db import connection

from .text import ParsedQuery

FTS_TABLE = "portal_search_fts"
ENTRY_TABLE = "portal_portalsearchentry"
#: bm25 weights of title, lead, body (SQLite) and ts_rank weights of D, C, B, A (PostgreSQL)
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


def vendor() -> str:
    return connection.vendor


def create_fulltext(schema_editor) -> None:
    """The database's own full-text structure (run by the migration)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, lead, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            f"CREATE INDEX portal_search_vector_gin ON {ENTRY_TABLE} USING GIN (search_vector)"
        )


def drop_fulltext(schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS portal_search_vector_gin")
        schema_editor.execute(f"ALTER TABLE {ENTRY_TABLE} DROP COLUMN IF EXISTS search_vector")


def write(entry_id: int, title: str, lead: str, body: str) -> None:
    """Store the folded words of one entry."""
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry_id])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, lead, body) VALUES (%s, %s, %s, %s)",
                [entry_id, title, lead, body],
            )
        elif vendor() == "postgresql":
            cursor.execute(
                f"UPDATE {ENTRY_TABLE} SET search_vector = "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                [title, lead, body, entry_id],
            )


def remove(entry_ids: list[int]) -> None:
    if entry_ids and vendor() == "sqlite":
        marks = ", ".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", entry_ids)


def clear() -> None:
    if vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")


def _tsquery(parsed: ParsedQuery) -> str:
    # Every word is a run of word characters (no quote, colon, operator): safe to quote.
    return " & ".join(
        "(" + " <-> ".join(f"'{word}'" for word in term) + ")" for term in parsed.terms
    )


def _where(site_ids: list[int] | None) -> tuple[str, list]:
    if site_ids is None:
        return "", []
    if not site_ids:
        return " AND 1 = 0", []
    return f" AND e.site_id IN ({', '.join(['%s'] * len(site_ids))})", list(site_ids)


def count(parsed: ParsedQuery, site_ids: list[int] | None) -> int:
    where, params = _where(site_ids)
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.execute(
                f"SELECT count(*) FROM {FTS_TABLE} f JOIN {ENTRY_TABLE} e ON e.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{where}",
                [parsed.fts5(), *params],
            )
        else:
            cursor.execute(
                f"SELECT count(*) FROM {ENTRY_TABLE} e "
                f"WHERE e.search_vector @@ to_tsquery('simple', %s){where}",
                [_tsquery(parsed), *params],
            )
        return cursor.fetchone()[0]


def ranked_ids(
    parsed: ParsedQuery, site_ids: list[int] | None, *, offset: int, limit: int
) -> list[int]:
    """The ids of the matching entries, best first (ties: newest first)."""
    where, params = _where(site_ids)
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
            cursor.execute(
                f"SELECT e.id FROM {FTS_TABLE} f JOIN {ENTRY_TABLE} e ON e.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{where} "
                f"ORDER BY bm25({FTS_TABLE}, {weights}), e.shown_at DESC, e.id DESC "
                "LIMIT %s OFFSET %s",
                [parsed.fts5(), *params, limit, offset],
            )
        else:
            cursor.execute(
                f"SELECT e.id FROM {ENTRY_TABLE} e, to_tsquery('simple', %s) q "
                f"WHERE e.search_vector @@ q{where} "
                f"ORDER BY ts_rank('{PG_WEIGHTS}', e.search_vector, q) DESC, "
                "e.shown_at DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s",
                [_tsquery(parsed), *params, limit, offset],
            )
        return [row[0] for row in cursor.fetchall()]
