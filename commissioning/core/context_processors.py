from django.conf import settings
from django.http import HttpRequest

from commissioning.core.journey import JOURNEY

NAV_TITLES = {
    "knowledge:index": "Knowledge base",
    "assessment:index": "Self-assessment",
    "cases:index": "Business cases",
}


def site(request: HttpRequest) -> dict[str, object]:
    main_nav = [
        {"title": NAV_TITLES[task.url_name], "url": task.url} for task in JOURNEY if task.url
    ]
    return {
        "SITE_NAME": "PAIR Commissioning Toolkit",
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "main_nav": main_nav,
    }
