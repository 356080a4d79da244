"""The plain-English reading of results and of the change between two assessments
(pure: no database). "Not enough answers" never gets a number; "Don't know" is an
evidence gap, never a low score."""

from decimal import Decimal

import pytest

from commissioning.assessment.reading import (
    Change,
    join_names,
    level_for,
    results_reading,
    score_changes,
)
from commissioning.assessment.scoring import GroupScore

D = Decimal
LEVELS = ["Not in place", "Starting", "Developing", "Established", "Embedded"]


def g(score, total=4, rated=None, dont_know=0):
    rated = rated if rated is not None else (total if score is not None else 0)
    return GroupScore("k", None if score is None else D(score), rated, dont_know, 0, total)


def read(sections, comb=(), gaps=0, unanswered=0, provisional=False):
    return results_reading(
        sections=sections,
        comb=comb,
        evidence_gaps=gaps,
        unanswered=unanswered,
        provisional=provisional,
        level_names=LEVELS,
    )


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        (
            [("Need", g("75")), ("Funding", g("25")), ("Strategy", g("50"))],
            [
                'Your strongest section is Need (75 out of 100, around "Established").',
                'Your weakest section is Funding (25 out of 100, around "Starting").',
            ],
        ),
        (
            [("Need", g("30")), ("Funding", g("30")), ("Strategy", g("80"))],
            [
                'Your strongest section is Strategy (80 out of 100, around "Established").',
                'Your weakest sections are Need and Funding (30 out of 100, around "Starting").',
            ],
        ),
        (
            [("Need", g("40")), ("Funding", g("40"))],
            ["Every scored section has the same score (40 out of 100)."],
        ),
        ([("Need", g("62.5"))], ["Only Need has enough answers for a score (62.5 out of 100)."]),
    ],
)
def test_strongest_and_weakest_sections(sections, expected):
    assert read(sections) == expected


def test_sections_without_enough_answers_are_named_never_scored():
    paragraphs = read([("Need", g("50")), ("Funding", g(None)), ("Voice", g(None))])
    text = " ".join(paragraphs)
    assert "Funding and Voice do not have enough answers for a score" in text
    assert "Funding (" not in text and "Voice (" not in text
    assert " 0 out of 100" not in text


def test_no_scored_sections_at_all():
    (paragraph,) = read([("Need", g(None)), ("Funding", g(None))])[:1]
    assert paragraph.startswith("No section has enough answers for a score yet.")


@pytest.mark.parametrize(
    ("unanswered", "phrase"),
    [
        (12, "12 questions have not been answered yet"),
        (1, "1 question has not been answered yet"),
        (0, "has not been submitted, so answers may still change"),
    ],
)
def test_in_progress_results_are_provisional(unanswered, phrase):
    first = read([("Need", g("50"))], unanswered=unanswered, provisional=True)[0]
    assert first.startswith("These results are provisional")
    assert phrase in first


def test_submitted_results_are_not_called_provisional():
    assert "provisional" not in " ".join(read([("Need", g("50"))]))


@pytest.mark.parametrize(
    ("gaps", "phrase"),
    [(3, '3 questions were answered "Don\'t know"'), (1, "1 question was answered")],
)
def test_dont_know_is_an_evidence_gap_not_a_low_score(gaps, phrase):
    text = " ".join(read([("Need", g("50"))], gaps=gaps))
    assert phrase in text
    assert "not counted as zero" in text


def test_no_gap_sentence_without_dont_knows():
    assert "Don't know" not in " ".join(read([("Need", g("50"))]))


def test_the_lowest_comb_subcomponent_is_read_with_its_meaning():
    comb = [
        ("CPs", "Psychological capability", g("60")),
        ("OPh", "Physical opportunity", g("20")),
        ("MAu", "Automatic motivation", g(None, total=0)),
    ]
    text = " ".join(read([("Need", g("50"))], comb=comb))
    assert "physical opportunity scores lowest (20 out of 100)" in text
    assert "time, money, staff and systems" in text
    assert "automatic motivation" not in text.lower().split("lowest")[1]


def test_no_comb_sentence_when_all_equal_or_too_few():
    comb = [("CPs", "Psychological capability", g("60")), ("OPh", "Physical opportunity", g("60"))]
    assert "COM-B" not in " ".join(read([("Need", g("50"))], comb=comb))
    assert "COM-B" not in " ".join(read([("Need", g("50"))], comb=comb[:1]))


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (D(0), "Not in place"),
        (D("12.4"), "Not in place"),
        (D("12.5"), "Starting"),
        (D("62.5"), "Established"),
        (D(100), "Embedded"),
    ],
)
def test_level_for(score, level):
    assert level_for(score, LEVELS) == level


@pytest.mark.parametrize(
    ("names", "joined"),
    [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")],
)
def test_join_names(names, joined):
    assert join_names(names) == joined


# --- Change between two assessments ----------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "first_text", "second_text", "change_text"),
    [
        (g("40"), g("52.5"), "40", "52.5", "Up 12.5"),
        (g("60"), g("55"), "60", "55", "Down 5"),
        (g("50"), g("50"), "50", "50", "No change"),
        (
            g(None),
            g("50"),
            "Not enough answers",
            "50",
            "Cannot compare: not enough answers in the first assessment",
        ),
        (
            g("50"),
            g(None),
            "50",
            "Not enough answers",
            "Cannot compare: not enough answers in the second assessment",
        ),
        (
            g(None),
            g(None),
            "Not enough answers",
            "Not enough answers",
            "Cannot compare: not enough answers in either assessment",
        ),
        (
            None,
            g("50"),
            "No questions",
            "50",
            "Cannot compare: no questions on this in the first assessment",
        ),
        (
            g(None, total=0),
            g(None, total=0),
            "No questions",
            "No questions",
            "Cannot compare: no questions on this in either assessment",
        ),
    ],
)
def test_score_changes(first, second, first_text, second_text, change_text):
    first_scores = {} if first is None else {"need": first}
    (change,) = score_changes([("need", "Need")], first_scores, {"need": second})
    assert (change.first_text, change.second_text, change.change_text) == (
        first_text,
        second_text,
        change_text,
    )


def test_a_change_without_both_scores_has_no_difference():
    change = Change("k", "K", None, D(50), True, True)
    assert change.difference is None
    assert Change("k", "K", D("40.5"), D(50), True, True).difference == D("9.5")
