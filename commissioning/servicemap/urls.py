from django.urls import path

from commissioning.servicemap import views, views_people

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
    path("<int:pk>/people/invite/", views_people.invite, name="contributor_invite"),
    path(
        "<int:pk>/people/invitations/<int:invitation>/withdraw/",
        views_people.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "<int:pk>/people/<int:contributor>/remove/",
        views_people.contributor_remove,
        name="contributor_remove",
    ),
    path("invitations/<str:token>/", views_people.invitation_accept, name="invitation_accept"),
]
