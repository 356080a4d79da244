from django.urls import path

from commissioning.knowledge.views import pages

app_name = "knowledge"

urlpatterns = [
    path("", pages.index, name="index"),
    path("behaviour-change-wheel/", pages.explorer, name="explorer"),
    path("programmes/", pages.programme_list, name="programme_list"),
    path("programmes/<slug:slug>/", pages.programme, name="programme"),
    path("parameters/", pages.parameter_list, name="parameter_list"),
    path("parameters/<slug:key>/", pages.parameter, name="parameter"),
    path("sources/", pages.source_list, name="source_list"),
    path("sources/<slug:key>/", pages.source, name="source"),
    # Last, so the fixed sections above win over a factor slug of the same name.
    path("<slug:slug>/", pages.factor, name="factor"),
]
