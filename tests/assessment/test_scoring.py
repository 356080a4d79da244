"""Scoring and consensus: hand-computed worked examples and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.assessment.scoring import Question, consensus, diagnose, group_score

D = Decimal
# A small instrument: two sections, three factors, two COM-B sub-components.
QUESTIONS = [
    Question("N1", "need", D(2), ("data-gaps",), ("CPs",)),
    Question("N2", "need", D(1), ("data-gaps", "low-awareness"), ("CPs", "MRe")),
    Question("N3", "need", D(1), ("low-awareness",), ("MRe",)),
    Question("F1", "funding", D(1), ("short-term-funding",), ("OPh",)),
    Question("F2", "funding", D(3), ("short-term-funding",), ("OPh",)),
]


def test_worked_example_sections_comb_priorities_and_gaps():
    ratings = {"N1": 1, "N2": 3, "N3": None, "F1": 4, "F2": 0}
    result = diagnose(QUESTIONS, ratings)
    # need: rated N1 (w2, r1) and N2 (w1, r3): 100 * (2*1 + 1*3) / ((2+1)*4) = 41.666.. -> 41.7
    assert result.sections["need"].score == D("41.7")
    assert (result.sections["need"].rated, result.sections["need"].dont_know) == (2, 1)
    # funding: 100 * (1*4 + 3*0) / (4*4) = 25.0
    assert result.sections["funding"].score == D("25.0")
    # CPs: N1, N2 -> 41.7 as above; MRe: N2 rated, N3 don't know: 1 of 2 rated is
    # enough (half): 100 * 3 / 4 = 75.0; OPh = funding = 25.0
    assert result.comb["CPs"].score == D("41.7")
    assert result.comb["MRe"].score == D("75.0")
    assert result.comb["OPh"].score == D("25.0")
    # Priorities: short-term-funding: F1 (1*0/4) + F2 (3*4/4) = 3.000, low because F2=0
    # data-gaps: N1 (2*3/4=1.5) + N2 (1*1/4=0.25) = 1.750, low because N1=1
    # low-awareness: only N2 rated (3): no low rating, so not a priority
    assert [(p.factor, p.implication, p.reasons) for p in result.priorities] == [
        ("short-term-funding", D("3.000"), ("F2",)),
        ("data-gaps", D("1.750"), ("N1",)),
    ]
    # Strengths: low-awareness has mean 3 with no low ratings.
    assert [(s.factor, s.mean_rating) for s in result.strengths] == [("low-awareness", D("3.00"))]
    assert result.evidence_gaps == ["N3"]
    assert result.unanswered == []


def test_dont_know_is_not_zero_and_too_few_answers_gives_no_number():
    result = diagnose(QUESTIONS, {"N1": None, "N2": None, "N3": 4})
    # Only 1 of 3 need questions rated: below half, so no number.
    assert result.sections["need"].score is None
    assert not result.sections["need"].enough
    assert result.evidence_gaps == ["N1", "N2"]
    # Funding unanswered entirely.
    assert result.sections["funding"].score is None
    assert result.sections["funding"].unanswered == 2
    # Counting "don't know" as zero would have given need 0; it is left out instead.
    assert diagnose(QUESTIONS, {"N1": None, "N2": 4, "N3": 4}).sections["need"].score == D("100.0")


def test_all_fours_score_100_and_all_zeros_score_0():
    top = diagnose(QUESTIONS, {q.code: 4 for q in QUESTIONS})
    assert {s.score for s in top.sections.values()} == {D("100.0")}
    assert {s.score for s in top.comb.values()} == {D("100.0")}
    assert top.priorities == []
    bottom = diagnose(QUESTIONS, {q.code: 0 for q in QUESTIONS})
    assert {s.score for s in bottom.sections.values()} == {D("0.0")}
    assert len(bottom.priorities) == 3


@pytest.mark.parametrize(
    "ratings",
    [{"N1": 5}, {"N1": -1}, {"N1": 2.5}, {"N1": "3"}, {"N1": True}, {"X9": 2}],
)
def test_tampered_ratings_are_rejected(ratings):
    with pytest.raises(ValueError):
        diagnose(QUESTIONS, ratings)


answer = st.one_of(st.none(), st.integers(min_value=0, max_value=4))
answers = st.fixed_dictionaries({}, optional={q.code: answer for q in QUESTIONS})


@given(answers, st.sampled_from([q.code for q in QUESTIONS]))
def test_raising_one_rating_never_lowers_any_score(ratings, code):
    if ratings.get(code) is None or ratings[code] == 4:
        return
    before = diagnose(QUESTIONS, ratings)
    after = diagnose(QUESTIONS, {**ratings, code: ratings[code] + 1})
    for group in ("sections", "comb"):
        for key, score in getattr(before, group).items():
            new = getattr(after, group)[key].score
            if score.score is not None:
                assert new >= score.score


@given(answers)
def test_scores_stay_within_0_and_100(ratings):
    result = diagnose(QUESTIONS, ratings)
    for score in [*result.sections.values(), *result.comb.values()]:
        assert score.score is None or D(0) <= score.score <= D(100)
        assert score.rated + score.dont_know + score.unanswered == score.total


def test_group_score_of_an_empty_group():
    assert group_score("x", [], {}).score is None


@pytest.mark.parametrize(
    ("ratings", "median", "outside", "split", "suggested"),
    [
        # 12 raters as in the SCIROCCO study: 4 outside the band -> split.
        ([2, 2, 2, 2, 2, 2, 3, 3, 0, 0, 4, 4], D("2"), 4, True, 2),
        ([2, 2, 2, 2, 2, 2, 3, 3, 1, 0, 4, 4], D("2"), 3, False, 2),
        # Even group: median 2.5, band 1.5..3.5; 0 and 4 are outside (2 of 4 >= 2).
        ([0, 2, 3, 4], D("2.5"), 2, True, 3),
        ([1, 2], D("1.5"), 0, False, 2),
        ([3], D("3"), 0, False, 3),
        # Three raters: one outlier is a third of the group -> split.
        ([4, 4, 1], D("4"), 1, True, 4),
    ],
)
def test_consensus_worked_examples(ratings, median, outside, split, suggested):
    result = consensus(ratings)
    assert (result.median, result.outside, result.split, result.suggested) == (
        median,
        outside,
        split,
        suggested,
    )
    assert result.label == ("Split" if split else "Agreement")
    assert result.spread == max(ratings) - min(ratings)


def test_consensus_with_no_ratings_and_bad_ratings():
    assert consensus([]).label == "No ratings"
    with pytest.raises(ValueError):
        consensus([5])


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=30))
def test_identical_ratings_always_agree(ratings):
    same = [ratings[0]] * len(ratings)
    assert not consensus(same).split


def test_combined_ratings_prefer_agreement_then_one_person_then_median():
    from commissioning.assessment.scoring import combined_ratings

    individual = {
        "N1": [3],
        "N2": [1, 2, 4],  # median 2
        "N3": [None, None],  # everyone said don't know
        "F1": [0, 4],  # median 2.0
        "F2": [1, None, 2],  # median of 1, 2 = 1.5 -> 2
        "X": [],
    }
    agreed = {"N2": 3, "F1": None}
    assert combined_ratings(individual, agreed) == {
        "N1": 3,
        "N2": 3,
        "N3": None,
        "F1": None,
        "F2": 2,
    }
