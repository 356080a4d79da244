"""The builder's steps as data, in order: each ``Step`` is a slug, a title, what the
page asks, its page class (``step_pages.py``, and
``line_pages.py`` for the pages with rows) and its template. One URL pattern and one
view serve them all (views/builder.py); the task list and the previous/next links read
this tuple, so adding a step is one entry here and one page class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from commissioning.cases.line_pages import OutcomesPage, ServicePage
from commissioning.cases.step_pages import (
    AdjustmentsPage,
    NarrativePage,
    NeedPage,
    StepPage,
    TimescalesPage,
)

if TYPE_CHECKING:
    from commissioning.cases.models import Case


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    summary: str
    page: type[StepPage]
    template: str


STEPS: tuple[Step, ...] = (
    Step(
        "need",
        "Area and need",
        "Births in your area, how many families need the service, and how many it reaches.",
        NeedPage,
        "cases/step_need.html",
    ),
    Step(
        "service",
        "Service model and costs",
        "Staff by role, band and whole-time equivalent, other running costs, set-up and overheads.",
        ServicePage,
        "cases/step_service.html",
    ),
    Step(
        "outcomes",
        "Outcomes and values",
        "What changes for families, how likely it was, how much the service reduces it, "
        "and what it is worth.",
        OutcomesPage,
        "cases/step_outcomes.html",
    ),
    Step(
        "adjustments",
        "Adjustments",
        "What would have happened anyway, what other services contribute, and optimism "
        "bias on costs and benefits.",
        AdjustmentsPage,
        "cases/step_adjustments.html",
    ),
    Step(
        "timescales",
        "Timescales and discounting",
        "How long the service runs, how long you count benefits for, and the discount rate.",
        TimescalesPage,
        "cases/step_timescales.html",
    ),
    Step(
        "narrative",
        "Business-case narrative",
        "The text of the business case: the recommendation, need, options, procurement, "
        "affordability and delivery.",
        NarrativePage,
        "cases/step_narrative.html",
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}


def get_step(slug: str) -> Step | None:
    return BY_SLUG.get(slug)


def following(slug: str) -> Step | None:
    """The step after ``slug``, or None after the last."""
    slugs = [step.slug for step in STEPS]
    index = slugs.index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous(slug: str) -> Step | None:
    slugs = [step.slug for step in STEPS]
    index = slugs.index(slug)
    return STEPS[index - 1] if index > 0 else None


def task_list(case: Case) -> list[dict[str, Any]]:
    """Each step with its status: "Completed" once saved, else "Not yet checked" (the
    step already has the template's starting values)."""
    return [
        {
            "step": step,
            "status": "Completed" if step.slug in case.steps_done else "Not yet checked",
        }
        for step in STEPS
    ]
