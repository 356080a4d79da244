"""Fixtures for generated documents: scratch storage, an assessment, the test-only
kinds, and a switch to the database task backend (a queue, no inline rendering)."""

import pytest

from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.render_queue import fakes
from tests.render_queue.worker_settings import TEST_KINDS

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "documents"]}
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Generated files go to a scratch directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def test_kinds(settings):
    settings.DOCUMENT_KINDS = {**settings.DOCUMENT_KINDS, **TEST_KINDS}
    fakes.reset()
    yield
    fakes.reset()


@pytest.fixture
def database_tasks(settings):
    """Jobs go to the django-tasks-db queue and wait there for a worker."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice, title="Spring review 2027")
    answer_all(assessment, alice, 2)
    return assessment
