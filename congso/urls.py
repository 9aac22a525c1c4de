from django.conf import settings
from django.urls import include, path
from django.views.decorators.csp import csp_override
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from congso.core.backoffice.choosers import chooser_urls
from congso.core.backoffice.reports import site_history_urls
from congso.onestop.api import api as onestop_api
from congso.portal.backoffice.workflow import workflow_report_urls
from congso.stats.api import api as stats_api
from congso.workplan.api import api as workplan_api

urlpatterns = [
    # Wagtail's site history shows every change of every record to anyone: ours is scoped.
    *decorate_urlpatterns(site_history_urls("admin/"), csp_override(settings.ADMIN_CSP)),
    # Wagtail's external-link step answers 500 to a post without its URL field.
    *decorate_urlpatterns(chooser_urls("admin/"), csp_override(settings.ADMIN_CSP)),
    # Wagtail's workflow report asks for each row's tasks: ours reads them in one query.
    *decorate_urlpatterns(workflow_report_urls("admin/"), csp_override(settings.ADMIN_CSP)),
    path(
        "admin/",
        include(
            decorate_urlpatterns(wagtailadmin_urls.urlpatterns, csp_override(settings.ADMIN_CSP))
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/stats/", stats_api.urls),
    path("api/v1/onestop/", onestop_api.urls),
    path("api/v1/workplan/", workplan_api.urls),
    path("workplan/", include("congso.workplan.urls")),
    path("dich-vu-cong/", include("congso.onestop.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Open data of the approved statistics, at stable addresses on every portal's host.
    path("du-lieu-mo/thong-ke/", include("congso.stats.urls")),
    # The portals' search, feeds, sitemap, robots.txt and print view, per site.
    path("", include("congso.portal.urls_public")),
    # The pages' satisfaction rating and view counter (congso.portal), on every portal's host.
    path("", include("congso.portal.urls_pages")),
    # The public portals: each Wagtail site (congso.portal) at its own host name.
    path("", include(wagtail_urls)),
]
