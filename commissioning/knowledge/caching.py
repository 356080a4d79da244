"""Cache published knowledge-base pages for anonymous visitors.

Every cached page's key includes a "generation" number that goes up whenever any
knowledge-base row is saved or deleted (including publish, revert and import).
Signed-in users' pages are never cached whole.

Two levels, so a cached page costs no database query:

- the generation lives in the shared cache (database or Redis), so every app server
  sees a change; each process re-reads it at most every ``GENERATION_TTL`` seconds,
  and at once after a change it made itself;
- rendered pages live in this process's memory (the ``knowledge_pages`` cache), keyed
  by generation, so a new generation simply misses and re-renders.

A change is therefore visible immediately on the server that made it and within
``GENERATION_TTL`` seconds on the others.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "knowledge:generation"
PAGE_TIMEOUT = 60 * 60 * 24
# Response headers a cached page keeps (security headers are added per request by
# middleware, so they are not stored).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


GENERATION_TTL = 1.0  # seconds a process trusts its copy of the generation
_shared_memo: dict[str, float] = {"generation": 0.0, "checked": float("-inf")}


def _read_shared() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def generation() -> int:
    now = time.monotonic()
    if now - _shared_memo["checked"] > GENERATION_TTL:
        _shared_memo["generation"] = _read_shared()
        _shared_memo["checked"] = now
    return int(_shared_memo["generation"])


def _bump() -> None:
    try:
        value = cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
        value = 2
    _shared_memo["generation"] = value
    _shared_memo["checked"] = time.monotonic()


# Changes made since the last bump after a commit, in this thread.
_uncommitted = threading.local()


def _bump_after_commit() -> None:
    if getattr(_uncommitted, "changes", 0):
        _uncommitted.changes = 0
        _bump()


def invalidate(**_: object) -> None:
    """A knowledge-base row changed: a new generation now (this process sees its own
    change at once) and again when the transaction commits. With a shared cache
    outside the database (Redis) another process could read the first bump and
    render the old rows before the commit; the second bump retires what it kept.
    One bump per commit however many rows a transaction changed."""
    _bump()
    _uncommitted.changes = getattr(_uncommitted, "changes", 0) + 1
    transaction.on_commit(_bump_after_commit)


def connect_invalidation() -> None:
    from django.apps import apps

    for model in apps.get_app_config("knowledge").get_models():
        if model.__name__.startswith("Historical"):
            continue
        post_save.connect(invalidate, sender=model, dispatch_uid=f"kb-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"kb-delete-{model.__name__}")
    m2m_changed.connect(invalidate, dispatch_uid="kb-m2m")


def cache_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET page from the cache for anonymous visitors (key: the full path and
    the content generation). Pages for signed-in users, non-GET requests and
    responses other than 200 are never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if (
            request.method != "GET"
            or request.user.is_authenticated
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        # Hashed: query strings can be long and contain characters cache keys may not.
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"knowledge:page:{generation()}:{path_hash}"
        pages = caches["knowledge_pages"]
        cached = pages.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            pages.set(key, (response.content, headers), PAGE_TIMEOUT)
        return response

    return wrapper


KEPT = 256
_kept: OrderedDict[str, tuple[int, object]] = OrderedDict()
_kept_lock = threading.Lock()


def kept_for_generation[T](name: str, build: Callable[[], T]) -> T:
    """``build()``'s value, computed once per content generation in this process and
    shared by every request until the knowledge base changes (at most ``KEPT`` names,
    least recently used first out). For read-only values made only of published
    content, never anything about the person asking."""
    current = generation()
    with _kept_lock:
        found = _kept.get(name)
        if found is not None and found[0] == current:
            _kept.move_to_end(name)
            return found[1]  # type: ignore[return-value]
    value = build()
    with _kept_lock:
        _kept[name] = (current, value)
        _kept.move_to_end(name)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value


def reset() -> None:
    """Forget this process's pages, fragments, kept values and generation (tests; after restoring
    a backup)."""
    caches["knowledge_pages"].clear()
    caches["template_fragments"].clear()
    with _kept_lock:
        _kept.clear()
    _shared_memo["generation"] = 0.0
    _shared_memo["checked"] = float("-inf")
