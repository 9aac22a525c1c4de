"""Choosers every app's modals use: scoped like the viewsets, and no junk id gives a 500."""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser


class ScopedChooserMixin:
    visible = None

    def scoped_queryset(self):
        if self.visible is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no `visible` selector")
        return self.visible(self.request.user)


def valid_pks(model, pks) -> list:
    """The ids that could be keys of ``model``; an id such as ``abc`` names nothing."""
    field = model._meta.pk
    valid = []
    for pk in pks:
        try:
            valid.append(field.to_python(pk))
        except (ValidationError, ValueError, TypeError):
            continue
    return valid


class ScopedChosenView(ScopedChooserMixin, chooser_views.ChosenView):
    def get_object(self, pk):
        found = valid_pks(self.model_class, [pk])
        if not found:
            raise Http404
        return self.scoped_queryset().get(pk=found[0])


class ScopedChosenMultipleView(ScopedChooserMixin, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        valid = valid_pks(self.model_class, pks)
        if len(valid) != len(pks):
            raise Http404
        return self.scoped_queryset().filter(pk__in=valid)


class SafeChooserWidget(BaseChooser):
    """A form posted back with a junk id (``admin_unit=abc``) shows the field empty, and the
    form's own validation says what is wrong, instead of failing to draw it."""

    def get_instance(self, value):
        is_id = value is not None and not isinstance(value, self.model_class)
        if is_id and not valid_pks(self.model_class, [value]):
            return None
        return super().get_instance(value)


class ScopedChooserViewSet(ChooserViewSet):
    """A chooser whose chosen views reach only what ``visible`` (a selector taking the user)
    returns, as the modal's list does, and that has no "create" address without a creation
    form (Wagtail's would answer 500 to a POST)."""

    visible = None
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    base_widget_class = SafeChooserWidget

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(visible=self.visible, **kwargs)

    @property
    def creates(self) -> bool:
        return bool(self._creation_form_class or self.form_fields or self.exclude_form_fields)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        if self.creates:
            return patterns
        return [pattern for pattern in patterns if pattern.name != "create"]


class _URLOrAbsolutePathField(URLOrAbsolutePathField):
    def to_python(self, value):
        # Wagtail's field reads a missing value as text and fails on it.
        return "" if value is None else super().to_python(value)


class _ExternalLinkForm(ExternalLinkChooserForm):
    url = _URLOrAbsolutePathField(
        required=True, label=ExternalLinkChooserForm.base_fields["url"].label
    )


class ExternalLinkView(page_chooser.ExternalLinkView):
    """Wagtail's "external link" step, whose form says "required" to a post without a URL
    instead of failing on it."""

    form_class = _ExternalLinkForm


def chooser_urls(admin_prefix: str = "admin/") -> list:
    """Listed by the project's URLs before the admin's, at Wagtail's own addresses."""
    from django.urls import path
    from django.views.decorators.cache import never_cache
    from wagtail.admin.auth import require_admin_access

    return [
        path(
            f"{admin_prefix}choose-external-link/",
            never_cache(require_admin_access(ExternalLinkView.as_view())),
        ),
    ]
