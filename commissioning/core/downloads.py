"""Downloads are never kept by browsers or shared caches.

A business case, an assessment's answers, a service map or a person's own data saved
in a shared computer's browser cache (or a proxy's) outlives the session that fetched
it. Every response sent as an attachment (``Content-Disposition: attachment``, which is
how every CSV, PDF, Word and data download here is sent) gets
``Cache-Control: private, no-store``, whatever the view set. The public knowledge
exports get it too: they are cheap to make again and are cached on the server instead.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def is_download(response: HttpResponse) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


class NoStoreDownloadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_download(response):
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response
