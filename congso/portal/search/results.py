"""Searching the index: ranked, paginated results with highlighted titles and snippets."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.safestring import SafeString

from ..models import PortalSearchEntry
from . import engine
from .text import ParsedQuery, highlight, matches

RESULTS_PER_PAGE = 10
SNIPPET_WIDTH = 240


@dataclass
class Hit:
    entry: PortalSearchEntry
    title: SafeString
    snippet: SafeString

    @property
    def url(self) -> str:
        return self.entry.site.root_url + self.entry.path


class SearchResults:
    """A lazily counted, lazily sliced sequence of :class:`Hit` for a :class:`Paginator`:
    a page of results costs three queries (count, ranked ids, entries with their site)."""

    def __init__(self, parsed: ParsedQuery, site_ids: list[int] | None):
        self.parsed, self.site_ids = parsed, site_ids
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = 0 if self.parsed.empty else engine.count(self.parsed, self.site_ids)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Hit]:
        if not isinstance(key, slice):
            raise TypeError("SearchResults supports slices only")
        start = key.start or 0
        stop = key.stop if key.stop is not None else start + RESULTS_PER_PAGE
        if self.parsed.empty or stop <= start:
            return []
        ids = engine.ranked_ids(self.parsed, self.site_ids, offset=start, limit=stop - start)
        entries = PortalSearchEntry.objects.select_related("site").in_bulk(ids)
        return [self._hit(entries[i]) for i in ids if i in entries]

    def _hit(self, entry: PortalSearchEntry) -> Hit:
        source = next(
            (text for text in (entry.body, entry.lead) if matches(text, self.parsed)),
            entry.lead or entry.body,
        )
        return Hit(
            entry=entry,
            title=highlight(entry.title, self.parsed),
            snippet=highlight(source, self.parsed, width=SNIPPET_WIDTH),
        )


def search(parsed: ParsedQuery, site_ids: list[int] | None, page_number=1):
    """One page of results (a Django ``Page`` of :class:`Hit`)."""
    paginator = Paginator(SearchResults(parsed, site_ids), RESULTS_PER_PAGE)
    try:
        return paginator.page(page_number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
