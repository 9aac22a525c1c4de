"""Registrations of the portal pages' back office: the questions from the public and the
statistics of views and ratings."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .backoffice.qa import QuestionViewSet
from .backoffice.stats import VIEW_STATS, statistics_view


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
