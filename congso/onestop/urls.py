"""Public addresses of one-stop services, under /dich-vu-cong/."""

from django.urls import path

from . import views

app_name = "onestop"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/mau/<int:pk>/", views.document_template, name="template"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/", views.apply, name="apply"),
    path("ho-so/nhap/<str:token>/", views.draft, name="draft"),
    path("ho-so/bien-nhan/<str:token>/", views.receipt, name="receipt"),
    path("ho-so/danh-gia/<str:token>/", views.rate, name="rate"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
