from django.conf import settings
from django.urls import include, path
from django.views.decorators.csp import csp_override
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from congso.core.backoffice.choosers import chooser_urls
from congso.core.backoffice.reports import site_history_urls

urlpatterns = [
    # Wagtail's site history shows every change of every record to anyone: ours is scoped.
    *decorate_urlpatterns(site_history_urls("admin/"), csp_override(settings.ADMIN_CSP)),
    # Wagtail's external-link step answers 500 to a post without its URL field.
    *decorate_urlpatterns(chooser_urls("admin/"), csp_override(settings.ADMIN_CSP)),
    path(
        "admin/",
        include(
            decorate_urlpatterns(wagtailadmin_urls.urlpatterns, csp_override(settings.ADMIN_CSP))
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("dich-vu-cong/", include("congso.onestop.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # The public portals are not built yet: the address of the site leads to the back office.
    path("", RedirectView.as_view(pattern_name="wagtailadmin_home"), name="home"),
    path("", include(wagtail_urls)),
]
