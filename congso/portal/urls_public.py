"""Public addresses of every portal besides its Wagtail pages (each for the request's site)."""

from django.urls import path

from . import views_public as views

urlpatterns = [
    path("tim-kiem/", views.search_view, name="portal_search"),
    path("rss.xml", views.rss_view, name="portal_rss"),
    path("atom.xml", views.atom_view, name="portal_atom"),
    path("rss/<path:section_path>.xml", views.rss_view, name="portal_section_rss"),
    path("atom/<path:section_path>.xml", views.atom_view, name="portal_section_atom"),
    path("sitemap.xml", views.sitemap_view, name="portal_sitemap"),
    path("robots.txt", views.robots_view, name="portal_robots"),
    path("ban-in/<path:page_path>", views.print_view, name="portal_print"),
]
