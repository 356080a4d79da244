"""Coercion and Restriction, the Behaviour Change Wheel's two functions that sound
harsh to a commissioner, are explained in plain words wherever they are named: the
explorer, a factor's page and the action plan (tests/assessment/test_plan.py)."""

import html
import re

import pytest
from django.urls import reverse

from commissioning.knowledge.models import Factor, InterventionFunction
from commissioning.knowledge.services import (
    bundle_apply,
    frameworks_load,
    shipped_bundle,
    shipped_frameworks,
)

pytestmark = pytest.mark.django_db

JARGON = ("target behaviour", "competing behaviours", "wherewithal")


@pytest.fixture
def shipped():
    frameworks_load(shipped_frameworks())
    bundle_apply(shipped_bundle(), overwrite=False)


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)))


@pytest.mark.parametrize("name", ["Coercion", "Restriction"])
def test_the_description_is_short_and_plain(shipped, name):
    description = InterventionFunction.objects.get(name=name).description
    assert 5 < len(description.split()) <= 40
    assert not any(word in description.lower() for word in JARGON)


@pytest.mark.parametrize("name", ["Coercion", "Restriction"])
def test_the_explorer_explains_it_beside_its_name(client, shipped, name):
    function = InterventionFunction.objects.get(name=name)
    page = text(client.get(reverse("knowledge:explorer")))
    assert f"{name} {function.description}" in page or (
        f"{name} Added in 2014 {function.description}" in page
    )


def test_a_factor_page_explains_each_function_it_names(client, shipped):
    factor = Factor.objects.filter(status="published", function_links__isnull=False).first()
    page = text(client.get(reverse("knowledge:factor", args=[factor.slug])))
    for link in factor.function_links.select_related("target"):
        assert f"{link.target.name} {link.target.description}" in page
    for action in factor.actions.select_related("function"):
        assert f"{action.function.name} : {action.function.description}" in page
