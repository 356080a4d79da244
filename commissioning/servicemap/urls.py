from django.urls import path

from commissioning.servicemap import views

app_name = "servicemap"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/services/add/", views.service_add, name="service_add"),
    path("<int:pk>/services/<int:service_id>/", views.service_edit, name="service_edit"),
    path(
        "<int:pk>/services/<int:service_id>/delete/",
        views.service_delete,
        name="service_delete",
    ),
    path("<int:pk>/cells/<slug:level>/<slug:sector>/", views.cell, name="cell"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/service-map.csv", views.csv, name="csv"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
