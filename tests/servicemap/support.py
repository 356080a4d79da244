"""Helpers for the service map tests."""

from commissioning.servicemap import services
from commissioning.servicemap.models import ServiceMap

HOSTILE = (
    '=HYPERLINK("http://evil.example","x")<script>alert(1)</script><img src=x onerror=alert(2)>'
)


def service_data(**overrides: object) -> dict:
    data = {
        "level": "targeted",
        "sector": "health_visiting",
        "name": "Enhanced health visiting",
        "provider": "North Community Trust",
        "ages": "Pregnancy to 2",
        "criteria": "Families with low mood",
        "exclusions": "",
        "capacity": 120,
        "funding_route": "recurrent",
        "funding_ends": None,
        "specialised_team": False,
        "source": "Service specification 2026",
    }
    data.update(overrides)
    return data


def make_map(organisation, user, area_name: str = "North Borough") -> ServiceMap:
    return services.map_create(
        organisation=organisation, area_name=area_name, area_code="", user=user
    )


def add_service(service_map, user, **overrides):
    service, _ = services.service_save(
        service_map=service_map, service=None, data=service_data(**overrides), user=user
    )
    return service


def form_post(**overrides: object) -> dict:
    """``service_data`` as a browser would post it."""
    data = service_data(**overrides)
    post = {}
    for key, value in data.items():
        if value is None:
            post[key] = ""
        elif isinstance(value, bool):
            if value:
                post[key] = "on"
        else:
            post[key] = str(value)
    return post
