"""Public addresses of sector statistics: the open data, at stable addresses."""

from django.urls import path

from . import analysis_views

urlpatterns = [
    path("", analysis_views.open_data_page, name="stats_open_data"),
    path("metadata.json", analysis_views.open_data_metadata, name="stats_open_data_metadata"),
    path("<str:period_id>.csv", analysis_views.open_data_csv, name="stats_open_data_csv"),
    path("<str:period_id>.json", analysis_views.open_data_json, name="stats_open_data_json"),
    path("<str:period_id>/", analysis_views.open_data_page, name="stats_open_data_period"),
]
