"""Registrations of the portals' back office: portals, moderation at scale, the questions from
the public and the statistics of views and ratings."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from congso.core.backoffice.buttons import render_in_python

from .backoffice.explorer import PortalPageViewSet
from .backoffice.qa import QuestionViewSet
from .backoffice.stats import VIEW_STATS, statistics_view
from .backoffice.workflow import ModerationPanel


@hooks.register("construct_homepage_panels")
def moderation_panel_of_constant_cost(request, panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = ModerationPanel()


@hooks.register("construct_page_listing_buttons")
def page_listing_buttons_without_templates(buttons, page, user, context=None):
    render_in_python(buttons)


# After Wagtail's own viewset for every page type (order 0), which this one replaces.
@hooks.register("register_admin_viewset", order=1)
def register_page_viewset():
    return PortalPageViewSet()


@hooks.register("register_admin_urls")
def register_portal_urls():
    from django.urls import include, path

    from .backoffice import portals

    urls = [
        path("", portals.portal_index, name="index"),
        path("add/", portals.portal_add, name="add"),
    ]
    return [path("portals/", include((urls, "portal_portals")))]


@hooks.register("register_admin_menu_item")
def register_portal_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    class PortalMenuItem(MenuItem):
        def is_shown(self, request):
            user = request.user
            return user.has_perm("portal.view_portal") or user.has_perm("portal.add_portal")

    return PortalMenuItem(
        _("Portals"), reverse("portal_portals:index"), icon_name="site", order=250
    )


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return QuestionViewSet()


@hooks.register("register_admin_urls")
def register_statistics_url():
    return [path("portal-statistics/", statistics_view, name="portal_statistics")]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_STATS)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Portal statistics"), reverse("portal_statistics"), icon_name="table", order=310
    )
