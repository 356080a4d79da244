"""Every public knowledge page renders the real shipped content."""

import pytest
from django.urls import reverse

from commissioning.knowledge.models import Factor, Parameter, Programme, Source
from tests.knowledge.builders import load_shipped_content

pytestmark = pytest.mark.django_db


def test_it_renders_every_page_of_the_shipped_content(client):
    load_shipped_content()
    urls = [
        reverse("knowledge:index"),
        reverse("knowledge:explorer"),
        reverse("knowledge:programme_list"),
        reverse("knowledge:parameter_list"),
        reverse("knowledge:source_list"),
    ]
    urls += [f.get_absolute_url() for f in Factor.objects.published()]
    urls += [p.get_absolute_url() for p in Programme.objects.published()]
    urls += [p.get_absolute_url() for p in Parameter.objects.published()[:20]]
    urls += [s.get_absolute_url() for s in Source.objects.published()[:20]]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url
