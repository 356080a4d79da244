from django.urls import path

from commissioning.benchmarks import views

app_name = "benchmarks"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.organisation, name="organisation"),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
]
