"""The decision record a signed-off business case carries: who approved which
version, in what role, for which organisation, when, with what conditions, and what
each required reviewer said. Pure: the sign-off service builds it, every output (page,
PDF, Word, CSV) shows it from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewLine:
    name: str
    organisation: str
    verdict: str  # "Content agreed" or "Changes needed"
    comment: str
    recorded_on: str  # "12 March 2026", or "" when not recorded


@dataclass(frozen=True)
class DecisionRecord:
    outcome: str  # "Approved" or "Approved with conditions"
    version: int
    approver_name: str
    approver_role: str
    approver_organisation: str
    decided_on: str
    conditions: str
    requested_by: str
    reviews: tuple[ReviewLine, ...] = ()

    @property
    def mark(self) -> str:
        """The status shown on the cover and in the page header."""
        return f"Approved: version {self.version}"

    def facts(self) -> list[list[str]]:
        """The record as (fact, detail) rows, for every output in the same words."""
        rows = [
            ["Decision", self.outcome],
            ["Version approved", f"Version {self.version}"],
            ["Approved by", self.approver_name],
            ["Role", self.approver_role],
            ["Organisation", self.approver_organisation],
            ["Date", self.decided_on],
        ]
        if self.conditions:
            rows.append(["Conditions", self.conditions])
        rows.append(["Sign-off asked for by", self.requested_by])
        return rows

    def review_rows(self) -> list[list[str]]:
        return [
            [r.name, r.organisation, r.verdict or "Not recorded", r.comment, r.recorded_on]
            for r in self.reviews
        ]


REVIEW_HEADERS = ["Reviewer", "Organisation", "Review", "Comment", "Date"]


def decision_csv_rows(record: DecisionRecord) -> list[list[str]]:
    """The record as CSV rows (each cell goes through ``csv_safe`` when written)."""
    rows: list[list[str]] = [["Sign-off decision record", record.mark]]
    rows += record.facts()
    if record.reviews:
        rows.append([])
        rows.append(REVIEW_HEADERS)
        rows += record.review_rows()
    return rows
