"""Whether the request being served only reads. A GET or HEAD changes no state, so what a model
instance reads about itself (a page's workflow state, say) may be kept on the instance for the
rest of the request instead of being read again by every template tag and side panel that asks.
A POST may change that state between two reads, so nothing is kept then."""

from collections.abc import Callable
from contextvars import ContextVar

_only_reads: ContextVar[bool] = ContextVar("congso_request_only_reads", default=False)
_kept: ContextVar[dict | None] = ContextVar("congso_request_kept", default=None)


def request_only_reads() -> bool:
    return _only_reads.get()


def read_once[T](key: str, build: Callable[[], T]) -> T:
    """``build()``, computed once for the rest of a request that only reads (several parts of a
    page ask the same question); computed on every call anywhere else."""
    kept = _kept.get()
    if kept is None:
        return build()
    if key not in kept:
        kept[key] = build()
    return kept[key]


class ReadingRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        only_reads = request.method in ("GET", "HEAD")
        token = _only_reads.set(only_reads)
        kept = _kept.set({} if only_reads else None)
        try:
            return self.get_response(request)
        finally:
            _kept.reset(kept)
            _only_reads.reset(token)
