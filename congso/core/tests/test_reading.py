from django.test import RequestFactory

from congso.core.reading import ReadingRequestMiddleware, request_only_reads


def seen_during(method: str) -> bool:
    seen = []

    def view(request):
        seen.append(request_only_reads())
        return None

    ReadingRequestMiddleware(view)(getattr(RequestFactory(), method)("/"))
    return seen[0]


def test_a_get_or_head_only_reads_and_a_post_may_write():
    assert seen_during("get") is True
    assert seen_during("head") is True
    assert seen_during("post") is False
    assert request_only_reads() is False  # nothing outlives the request
