"""The home page's task list: the three parts of the toolkit in the order a
commissioner uses them. A task links to its page once that page exists; until then
it says "Cannot start yet"."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class JourneyTask:
    title: str
    description: str
    url_name: str

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


JOURNEY = (
    JourneyTask(
        "Understand the barriers",
        "Why parent-infant relationship services go uncommissioned, what helps, and what "
        "you can do about each barrier, with the evidence behind it.",
        "knowledge:index",
    ),
    JourneyTask(
        "Assess your local system",
        "Answer questions with your partners about your local system, see which barriers "
        "apply, and get an action plan.",
        "assessment:index",
    ),
    JourneyTask(
        "Build the value-for-money case",
        "Turn your area's figures into a costed, discounted and sensitivity-tested "
        "business case you can download as a PDF.",
        "cases:index",
    ),
)
