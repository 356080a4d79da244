"""Test-only document kinds over an assessment.

``FAKE_PDF`` renders a few bytes (no WeasyPrint) and can be told to fail or dawdle;
``SLOW_RESULTS_PDF`` is the real results PDF after a delay read from the environment,
so a worker subprocess can be killed mid-render (see test_worker.py)."""

import dataclasses
import os
import time

from commissioning.assessment.access import assessment_for
from commissioning.assessment.results_document import RESULTS_PDF
from commissioning.render_queue.kinds import DocumentKind

RENDERED: list[str] = []
BEHAVIOUR: dict[str, object] = {"mode": "ok", "seconds": 0.0}
SECRET_DETAIL = "connection to 10.0.0.5 refused; /srv/app/secret.py line 3"


def reset() -> None:
    RENDERED.clear()
    BEHAVIOUR.update(mode="ok", seconds=0.0)


def _fake_render(assessment) -> bytes:
    RENDERED.append(str(assessment.pk))
    if BEHAVIOUR["mode"] == "error":
        raise RuntimeError(SECRET_DETAIL)
    if BEHAVIOUR["mode"] == "slow":
        time.sleep(float(BEHAVIOUR["seconds"]))
    return b"%PDF-1.7 fake " + assessment.title.encode()


FAKE_PDF = DocumentKind(
    name="test_fake",
    load=RESULTS_PDF.load,
    owner_for=assessment_for,
    fingerprint=lambda assessment: assessment.title,
    render=_fake_render,
    title=lambda assessment: f"Fake: {assessment.title}",
    filename=lambda assessment: "fake-results.pdf",
    back_url=RESULTS_PDF.back_url,
    back_text="Back to the results",
)


def _slow_render(assessment) -> bytes:
    deadline = time.monotonic() + float(os.environ.get("TEST_RENDER_DELAY", "0"))
    while time.monotonic() < deadline:
        time.sleep(0.05)  # interruptible: SIGALRM's exception surfaces here
    return RESULTS_PDF.render(assessment)


SLOW_RESULTS_PDF = dataclasses.replace(RESULTS_PDF, name="test_slow", render=_slow_render)
