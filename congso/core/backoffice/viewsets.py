"""The viewset every app's back-office models use."""

from django.urls import path
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet

from .views import (
    ScopedHistoryView,
    ScopedIndexView,
    ScopedInspectView,
    ServiceCreateView,
    ServiceEditView,
)


class ScopedViewSet(ModelViewSet):
    """A model in the back office, scoped by ``visible`` and written by ``save_function``.

    ``visible`` is required: a viewset that forgot it would show every row of its table.
    ``read_only`` viewsets list and inspect only (data that comes from imports).
    """

    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Reference-index entries of thousands of imported rows buy nothing here.
    add_to_reference_index = False
    read_only = False
    visible = None
    save_function = None
    inspect_view_fields_exclude = ["search_text", "sort_name"]
    _without = {"delete", "usage", "copy"}

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(delete_url_name=None, usage_url_name=None, visible=self.visible)
        if self.read_only:
            view_kwargs.update(add_url_name=None, edit_url_name=None, history_url_name=None)
        return view_kwargs

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(save_function=self.save_function, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(save_function=self.save_function, **kwargs)

    def get_urlpatterns(self):
        if not self.read_only:
            return [p for p in super().get_urlpatterns() if p.name not in self._without]
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def url_finder_class(self):
        # Audit log pages link objects through this finder; read-only models link to inspect.
        return type(
            f"{type(self).__name__}URLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect" if self.read_only else "edit")},
        )


def scoped_viewsets() -> list[ScopedViewSet]:
    """Every registered back-office viewset of the apps (for the tests that walk them all)."""
    from django.urls import get_resolver
    from wagtail.admin.viewsets import viewsets

    get_resolver().url_patterns  # noqa: B018 - the admin's URLs register the viewsets
    return [viewset for viewset in viewsets.viewsets if isinstance(viewset, ScopedViewSet)]
