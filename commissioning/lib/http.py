"""The few HTTP rules every view shares, written once.

- **Access first, then the method.** A view that touches shared work finds the object
  through its app's access check before looking at the method, so an outsider gets 404
  whatever they send and learns nothing; only then does ``refuse_method`` answer 405
  for a method the view does not take.
- **Downloads** (``attachment``) are sent as attachments with a file name; the
  ``NoStoreDownloadsMiddleware`` (``core/downloads.py``) makes every attachment
  ``Cache-Control: private, no-store``.
- **CSV** is written as UTF-8 with a byte-order mark (``CSV_ENCODING``): Excel reads
  UTF-8 CSV correctly only with one.
"""

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

READ_ONLY = ("GET", "HEAD")
GET_POST = ("GET", "HEAD", "POST")
CSV_ENCODING = "utf-8-sig"


def refuse_method(request: HttpRequest, allowed: Sequence[str] = READ_ONLY) -> HttpResponse | None:
    """405 naming the methods ``allowed`` if the request used another, else None."""
    if request.method in allowed:
        return None
    return HttpResponseNotAllowed(list(allowed))


def attachment(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A download: ``body`` sent as the file ``filename``."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
