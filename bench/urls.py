"""The site's URLs plus a bare view: the baseline every page is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/bare", bare),
    path("", include("toolkit.urls")),
]
