"""Public addresses of the pages' rating and view counter, on every portal's host."""

from django.urls import path

from . import views_pages

app_name = "portal_pages"
urlpatterns = [
    path("danh-gia/", views_pages.rate_page, name="rate"),
    path("luot-xem/<int:page_id>/", views_pages.count_view, name="view"),
]
