"""Settings for worker subprocesses in test_worker.py: the project's own settings
(read from the same environment variables) plus the test-only document kinds."""

from toolkit import settings as _project

# Test-only kinds (tests/render_queue/fakes.py); imported lazily, when a job needs one.
TEST_KINDS = {
    "test_fake": "tests.render_queue.fakes.FAKE_PDF",
    "test_slow": "tests.render_queue.fakes.SLOW_RESULTS_PDF",
}

globals().update({name: getattr(_project, name) for name in dir(_project) if name.isupper()})
DOCUMENT_KINDS = {**_project.DOCUMENT_KINDS, **TEST_KINDS}
