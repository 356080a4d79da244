from django.urls import path

from commissioning.areas import views

app_name = "areas"

urlpatterns = [
    path("", views.index, name="index"),
    path("choose/", views.choose, name="choose"),
    path("api/search.json", views.api_search, name="api_search"),
    path("api/<slug:code>.json", views.api_area, name="api_area"),
    path("<slug:code>/", views.detail, name="detail"),
]
