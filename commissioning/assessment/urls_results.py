"""Routes for one part of the assessment app, added to ``urls.py`` before the
question route (whose three-segment pattern would otherwise catch them)."""

from django.urls import path

from commissioning.assessment.views import compare, exports, plan, results

urlpatterns = [
    path("<uuid:pk>/results/", results.results, name="results"),
    path("<uuid:pk>/results.pdf", exports.results_pdf, name="results_pdf"),
    path("<uuid:pk>/export.csv", exports.export_csv, name="export_csv"),
    path("<uuid:pk>/plan/", plan.plan, name="plan"),
    path("<uuid:pk>/plan/adopt/", plan.adopt, name="plan_adopt"),
    path("<uuid:pk>/plan/add/", plan.add, name="plan_add"),
    path("<uuid:pk>/plan/items/<int:item>/", plan.item_edit, name="plan_item"),
    path("<uuid:pk>/plan/items/<int:item>/remove/", plan.item_remove, name="plan_item_remove"),
    path("compare/", compare.compare, name="compare"),
]
