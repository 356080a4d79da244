"""Top-level URL map. The public URL contract is listed in README.md."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "PAIR Commissioning Toolkit administration"
admin.site.site_title = "PAIR toolkit admin"
admin.site.index_title = "Curate the evidence and manage accounts"

urlpatterns = [
    path("", include("commissioning.core.urls")),
    path("accounts/", include("commissioning.accounts.urls")),
    path("knowledge/", include("commissioning.knowledge.urls")),
    path("assessments/", include("commissioning.assessment.urls")),
    path("cases/", include("commissioning.cases.urls")),
    path("areas/", include("commissioning.areas.urls")),
    path("benchmarks/", include("commissioning.benchmarks.urls")),
    path("service-map/", include("commissioning.servicemap.urls")),
    path("documents/", include("commissioning.render_queue.urls")),
    path("api/knowledge/", include("commissioning.knowledge.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "commissioning.core.views.page_not_found"
handler500 = "commissioning.core.views.server_error"
