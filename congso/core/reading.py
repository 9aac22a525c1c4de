"""Whether the request being served only reads. A GET or HEAD changes no state, so what a model
instance reads about itself (a page's workflow state, say) may be kept on the instance for the
rest of the request instead of being read again by every template tag and side panel that asks.
A POST may change that state between two reads, so nothing is kept then."""

from contextvars import ContextVar

_only_reads: ContextVar[bool] = ContextVar("congso_request_only_reads", default=False)


def request_only_reads() -> bool:
    return _only_reads.get()


class ReadingRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _only_reads.set(request.method in ("GET", "HEAD"))
        try:
            return self.get_response(request)
        finally:
            _only_reads.reset(token)
