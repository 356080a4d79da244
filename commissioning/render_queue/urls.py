from django.urls import path

from commissioning.render_queue import views

app_name = "documents"

urlpatterns = [
    path("<uuid:pk>/", views.status, name="status"),
    path("<uuid:pk>/status.json", views.status_json, name="status_json"),
    path("<uuid:pk>/download/", views.download, name="download"),
    path("<uuid:pk>/retry/", views.retry, name="retry"),
]
