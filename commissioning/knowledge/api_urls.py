"""The read-only JSON API and open-data downloads, at /api/knowledge/ (listed at /api/)."""

from django.urls import path

from commissioning.knowledge.views import api, exports

app_name = "api"

urlpatterns = [
    path("factors/", api.factor_list, name="factors"),
    path("factors/<slug:slug>/", api.factor_detail, name="factor"),
    path("actions/", api.action_list, name="actions"),
    path("sources/", api.source_list, name="sources"),
    path("programmes/", api.programme_list, name="programmes"),
    path("parameters/", api.parameter_list, name="parameters"),
    path("dataset.json", exports.dataset, name="dataset"),
    path("dataset-csv.zip", exports.dataset_csv, name="dataset_csv"),
    path("citations.ris", exports.citations_ris, name="citations_ris"),
    path("citations.bib", exports.citations_bibtex, name="citations_bibtex"),
]
