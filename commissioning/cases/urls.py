from django.urls import path

from commissioning.cases.review.urls import urlpatterns as review_urls
from commissioning.cases.views import builder, cases, documents, options, results, versions

app_name = "cases"

urlpatterns = [
    path("", cases.index, name="index"),
    path("compare/", results.compare, name="compare"),
    path("<int:pk>/", cases.tasks, name="tasks"),
    path("<int:pk>/name/", cases.name, name="name"),
    path("<int:pk>/duplicate/", cases.duplicate, name="duplicate"),
    path("<int:pk>/delete/", cases.delete, name="delete"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/versions/", versions.versions, name="versions"),
    path("<int:pk>/versions/<int:version>/", versions.version, name="version"),
    path("<int:pk>/versions/<int:version>/restore/", versions.restore, name="restore"),
    path("<int:pk>/options/", options.options, name="options"),
    path("<int:pk>/options/preferred/", options.prefer, name="prefer"),
    path("<int:pk>/options/<slug:key>/name/", options.rename, name="option_name"),
    path("<int:pk>/options/<int:key>/delete/", options.delete, name="option_delete"),
    path("<int:pk>/document/", documents.page, name="document"),
    path("<int:pk>/business-case.pdf", documents.pdf, name="pdf"),
    path("<int:pk>/business-case.docx", documents.docx, name="docx"),
    path("<int:pk>/business-case.csv", documents.csv, name="csv"),
    *review_urls,
    # Last: one URL pattern for every builder step.
    path("<int:pk>/<slug:step>/", builder.step, name="step"),
]
