"""Fixtures shared by every test module: two commissioners in two organisations."""

import pytest

from commissioning.knowledge import caching
from tests.factories import make_membership, make_organisation, make_user


@pytest.fixture
def alice(db):
    """A commissioner, admin of North Borough ICB."""
    user = make_user(email="alice@north.example", name="Alice North")
    org = make_organisation(name="North Borough ICB")
    make_membership(user=user, organisation=org, role="admin")
    return user


@pytest.fixture
def bob(db):
    """A commissioner in another organisation, South Shire Council."""
    user = make_user(email="bob@south.example", name="Bob South")
    org = make_organisation(name="South Shire Council", kind="local_authority")
    make_membership(user=user, organisation=org, role="admin")
    return user


@pytest.fixture
def north(alice):
    return alice.organisations.get()


@pytest.fixture
def south(bob):
    return bob.organisations.get()


@pytest.fixture(autouse=True)
def fresh_page_cache(monkeypatch):
    """Each test starts with no cached knowledge-base pages in this process, and trusts
    this process's copy of the content generation (changes made here update it at
    once), so a request slower than GENERATION_TTL on a busy machine does not add a
    query to a counted page."""
    monkeypatch.setattr(caching, "GENERATION_TTL", 3600.0)
    caching.reset()
    yield
    caching.reset()
