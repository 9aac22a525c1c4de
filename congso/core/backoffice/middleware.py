"""Bad input to Wagtail's own screens is stopped before Wagtail sees it, for every screen at
once rather than screen by screen: a search is cut to the words a search uses, and a chooser or
the admin API asked for a key that cannot be one answers "not found"."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import reverse
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views.generic import chooser as generic_chooser
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page

from congso.core.search import bounded_query

from .choosers import valid_pks


def _asked_keys(request, view_func, view_kwargs) -> tuple[type | None, list]:
    """The model a view looks keys up in and the keys the request asks it for."""
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None:
        if issubclass(view_class, generic_chooser.ChosenViewMixin):
            view = view_class(**getattr(view_func, "view_initkwargs", {}))
            return view.model_class, [unquote(str(view_kwargs.get("pk", "")))]
        if issubclass(view_class, generic_chooser.ChosenMultipleViewMixin):
            view = view_class(**getattr(view_func, "view_initkwargs", {}))
            return view.model_class, request.GET.getlist("id")
        if issubclass(view_class, page_chooser.ChosenMultipleView):
            return Page, request.GET.getlist("id")
    api_class = getattr(view_func, "cls", None)
    actions = getattr(view_func, "actions", None) or {}
    if (
        isinstance(api_class, type)
        and issubclass(api_class, BaseAPIViewSet)
        and "find_view" in actions.values()
        and "id" in request.GET
    ):
        return api_class.model, [request.GET["id"]]
    return None, []


class AdminInputMiddleware:
    """Wagtail's database search backend parses a query recursively (a 2 KB ``q`` overflows
    the stack), and its choosers and API look ids up unchecked (``chosen/abc/`` fails inside
    the database layer)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def _in_admin(self, request) -> bool:
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        return request.path_info.startswith(self._prefix)

    def __call__(self, request):
        if self._in_admin(request) and "q" in request.GET:
            bounded = [bounded_query(query) for query in request.GET.getlist("q")]
            if bounded != request.GET.getlist("q"):
                params = request.GET.copy()
                params.setlist("q", bounded)
                params._mutable = False
                request.GET = params
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._in_admin(request):
            return None
        model, keys = _asked_keys(request, view_func, view_kwargs)
        if model is not None and len(valid_pks(model, keys)) != len(keys):
            raise Http404
        return None
