"""Template context worked out only if the template asks for it.

A page whose body is a ``{% cache %}`` fragment needs its figures only when the fragment
is missing. ``lazy_parts`` gives each named part of one context-building function as a
lazy value: the first part the template reads runs the function once, the others reuse
its result, and a page served from the fragment never runs it at all.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.functional import SimpleLazyObject


def lazy_parts(build: Callable[[], Mapping[str, Any]], names: Iterable[str]) -> dict[str, Any]:
    """``{name: lazy build()[name]}`` for each of ``names``, ``build`` run at most once."""
    built = functools.cache(build)
    return {name: SimpleLazyObject(functools.partial(lambda n: built()[n], name)) for name in names}
