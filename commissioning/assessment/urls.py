from django.urls import path

from commissioning.assessment import urls_results, urls_sharing
from commissioning.assessment.views import deletion, journey

app_name = "assessment"

urlpatterns = [
    path("", journey.index, name="index"),
    path("<uuid:pk>/", journey.tasks, name="tasks"),
    path("<uuid:pk>/submit/", journey.submit, name="submit"),
    path("<uuid:pk>/submitted/", journey.submitted, name="submitted"),
    path("<uuid:pk>/reopen/", journey.reopen, name="reopen"),
    path("<uuid:pk>/area/", journey.use_current_map, name="use_current_map"),
    path("<uuid:pk>/delete/", deletion.delete, name="delete"),
    *urls_results.urlpatterns,
    *urls_sharing.urlpatterns,
    path("<uuid:pk>/<slug:section>/check/", journey.check, name="check"),
    # Last: one question per page.
    path("<uuid:pk>/<slug:section>/<slug:code>/", journey.question, name="question"),
]
