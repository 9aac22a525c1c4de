from django.urls import path

from .views import calendar_feed

urlpatterns = [
    path("calendar/<str:token>.ics", calendar_feed, name="workplan_calendar"),
]
