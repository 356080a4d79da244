"""Builders for curation tests: the real frameworks plus small hand-made bundles."""

import copy

from django.contrib.auth.models import Group

from commissioning.accounts.roles import CURATORS, PUBLISHERS, roles_sync
from commissioning.knowledge.services import bundle_apply, frameworks_load, shipped_frameworks
from tests.factories import make_user

SOURCE = {
    "key": "smith2020",
    "authors": "Smith A, Jones B",
    "title": "A study of commissioning",
    "container": "Journal of Things",
    "year": 2020,
    "type": "qualitative",
    "grade": "C",
    "status": "published",
}
FACTOR = {
    "slug": "low-awareness",
    "title": "Low awareness of infant mental health",
    "kind": "barrier",
    "summary": "Few people know babies can have mental health needs.",
    "body": "Body text with **bold**.",
    "level": "pair",
    "theme": "Awareness and understanding",
    "perspectives": ["commissioner"],
    "comb": [{"code": "CPs", "basis": "editor"}],
    "tdf": [{"code": "TDF01", "basis": "editor"}],
    "functions": [{"code": "IF-education", "basis": "editor"}],
    "policies": [{"code": "PC-communication", "basis": "editor"}],
    "bcts": [],
    "sources": ["smith2020"],
    "status": "published",
    "actions": [
        {
            "title": "Run a briefing for the board",
            "description": "Explain infant mental health to decision makers.",
            "function": "IF-education",
            "sources": ["smith2020"],
        },
        {
            "title": "Share local data",
            "description": "Show the numbers of babies affected.",
            "function": "IF-education",
        },
    ],
}
PARAMETER = {
    "key": "band7_hourly",
    "name": "Band 7 cost per hour",
    "category": "unit_cost",
    "value": "70",
    "unit": "GBP per hour",
    "price_year": "2023/24",
    "source": "smith2020",
    "mark": "V",
    "status": "published",
}


def bundle(**overrides: object) -> dict:
    data = {
        "sources": [copy.deepcopy(SOURCE)],
        "factors": [copy.deepcopy(FACTOR)],
        "parameters": [copy.deepcopy(PARAMETER)],
    }
    data.update(overrides)
    return data


def load_small_kb() -> None:
    frameworks_load(shipped_frameworks())
    bundle_apply(bundle(), overwrite=False)


def make_curator(**overrides: object):
    roles_sync()
    user = make_user(is_staff=True, **overrides)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


def make_publisher(**overrides: object):
    roles_sync()
    user = make_user(is_staff=True, **overrides)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
    return user
