from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from commissioning.core.journey import JOURNEY

NAV_TITLES = {
    "knowledge:index": "Knowledge base",
    "assessment:index": "Self-assessment",
    "cases:index": "Business cases",
}


# Further sections in the main navigation, after the three journey steps.
EXTRA_NAV = (
    ("Service map", "servicemap:index"),
    ("Areas", "areas:index"),
    ("Benchmarks", "benchmarks:index"),
)


def site(request: HttpRequest) -> dict[str, object]:
    main_nav = [
        {"title": NAV_TITLES[task.url_name], "url": task.url} for task in JOURNEY if task.url
    ]
    for title, name in EXTRA_NAV:
        try:
            main_nav.append({"title": title, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return {
        "SITE_NAME": "PAIR Commissioning Toolkit",
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "main_nav": main_nav,
    }
