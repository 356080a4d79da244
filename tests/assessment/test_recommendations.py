"""From priorities to intervention functions and actions, and plan progress between
two assessments: scenario tables (pure: no database)."""

from decimal import Decimal

import pytest

from commissioning.assessment.recommendations import (
    ActionFacts,
    FactorFacts,
    PlanItemFacts,
    SuggestedFunction,
    completed_between,
    recommend,
    suggested_functions,
)
from commissioning.assessment.scoring import Priority

# A slice of the Behaviour Change Wheel's COM-B -> intervention function matrix.
MATRIX = {
    "CPs": ["education", "training", "enablement"],
    "OPh": ["training", "restriction", "environmental-restructuring", "enablement"],
    "MRe": ["education", "persuasion", "incentivisation", "coercion"],
}
ORDER = [
    "education",
    "persuasion",
    "incentivisation",
    "coercion",
    "training",
    "restriction",
    "environmental-restructuring",
    "modelling",
    "enablement",
]


def codes(functions):
    return [(f.code, f.via, f.used_by_actions, f.in_matrix) for f in functions]


@pytest.mark.parametrize(
    ("comb", "used", "expected"),
    [
        # One sub-component, no actions: the matrix row in the wheel's order.
        (
            ["CPs"],
            [],
            [
                ("education", ("CPs",), False, True),
                ("training", ("CPs",), False, True),
                ("enablement", ("CPs",), False, True),
            ],
        ),
        # Two sub-components: functions both reach come first (broader fit).
        (
            ["CPs", "OPh"],
            [],
            [
                ("training", ("CPs", "OPh"), False, True),
                ("enablement", ("CPs", "OPh"), False, True),
                ("education", ("CPs",), False, True),
                ("restriction", ("OPh",), False, True),
                ("environmental-restructuring", ("OPh",), False, True),
            ],
        ),
        # Functions the factor's actions use come first and are marked.
        (
            ["CPs", "MRe"],
            ["persuasion"],
            [
                ("persuasion", ("MRe",), True, True),
                ("education", ("CPs", "MRe"), False, True),
                ("incentivisation", ("MRe",), False, True),
                ("coercion", ("MRe",), False, True),
                ("training", ("CPs",), False, True),
                ("enablement", ("CPs",), False, True),
            ],
        ),
        # An editor's choice outside the matrix is kept, after every matrix function.
        (
            ["MRe"],
            ["modelling", "education"],
            [
                ("education", ("MRe",), True, True),
                ("persuasion", ("MRe",), False, True),
                ("incentivisation", ("MRe",), False, True),
                ("coercion", ("MRe",), False, True),
                ("modelling", (), True, False),
            ],
        ),
        # No COM-B mapping: only what the actions use.
        ([], ["training"], [("training", (), True, False)]),
        ([], [], []),
        # A sub-component missing from the matrix contributes nothing; repeats count once.
        (
            ["MAu", "CPs", "CPs"],
            [],
            [
                ("education", ("CPs",), False, True),
                ("training", ("CPs",), False, True),
                ("enablement", ("CPs",), False, True),
            ],
        ),
    ],
)
def test_suggested_functions(comb, used, expected):
    assert codes(suggested_functions(comb, MATRIX, used=used, function_order=ORDER)) == expected


def test_functions_outside_the_canonical_order_sort_last_alphabetically():
    matrix = {"X": ["zeta", "alpha", "education"]}
    result = suggested_functions(["X"], matrix, function_order=ORDER)
    assert [f.code for f in result] == ["education", "alpha", "zeta"]


FACTORS = {
    "low-awareness": FactorFacts("low-awareness", ("CPs", "MRe")),
    "short-term-funding": FactorFacts("short-term-funding", ("OPh",)),
}
ACTIONS = [
    ActionFacts(11, "low-awareness", "education", order=2),
    ActionFacts(10, "low-awareness", "persuasion", order=1),
    ActionFacts(20, "short-term-funding", "enablement"),
    ActionFacts(30, "unrelated", "training"),
]


def priority(factor, implication="1.000", reasons=("q1",)):
    return Priority(factor, Decimal(implication), tuple(reasons))


@pytest.mark.parametrize(
    ("priorities", "adopted", "expected"),
    [
        # Priority order is kept; actions in curated order; adopted ones marked.
        (
            [priority("short-term-funding", "3.000", ("F2",)), priority("low-awareness")],
            {10},
            [
                ("short-term-funding", (20,), (), "enablement"),
                ("low-awareness", (10, 11), (10,), "education"),
            ],
        ),
        # A priority whose factor is unknown (not published) is left out.
        (
            [priority("draft-factor"), priority("low-awareness")],
            set(),
            [
                ("low-awareness", (10, 11), (), "education"),
            ],
        ),
        ([], {10}, []),
    ],
)
def test_recommend(priorities, adopted, expected):
    result = recommend(
        priorities,
        factors=FACTORS,
        matrix=MATRIX,
        actions=ACTIONS,
        adopted=adopted,
        function_order=ORDER,
    )
    assert [(r.factor, r.actions, r.adopted, r.functions[0].code) for r in result] == expected


def test_recommend_carries_the_priority_and_marks_functions_actions_use():
    (rec,) = recommend(
        [priority("low-awareness", "2.500", ("N1", "N2"))],
        factors=FACTORS,
        matrix=MATRIX,
        actions=ACTIONS,
        function_order=ORDER,
    )
    assert (rec.implication, rec.reasons) == (Decimal("2.500"), ("N1", "N2"))
    used = {f.code for f in rec.functions if f.used_by_actions}
    assert used == {"education", "persuasion"}
    assert SuggestedFunction("education", ("CPs", "MRe"), True) in rec.functions


# --- Completed between two assessments ---------------------------------------------


def item(pk, title, action=None, done=False):
    return PlanItemFacts(pk, title, action, done)


@pytest.mark.parametrize(
    ("earlier", "later", "completed"),
    [
        # Adopted action: planned before, done now -> completed in between.
        ([item(1, "Map budgets", action=7)], [item(2, "Map budgets", action=7, done=True)], [2]),
        # Already done before -> not new.
        (
            [item(1, "Map budgets", action=7, done=True)],
            [item(2, "Map budgets", action=7, done=True)],
            [],
        ),
        # Own action matched by title, ignoring case and spacing.
        (
            [item(1, "Brief the  board", done=True)],
            [item(2, "brief the board", done=True)],
            [],
        ),
        ([item(1, "Brief the board")], [item(2, "Brief the Board", done=True)], [2]),
        # Same action, renamed: still matched by the action.
        (
            [item(1, "Old name", action=7, done=True)],
            [item(2, "New name", action=7, done=True)],
            [],
        ),
        # Added and done in between (no match earlier) counts.
        ([], [item(2, "Set up a steering group", done=True)], [2]),
        # Not done in the later plan: never counted.
        ([item(1, "Map budgets", action=7)], [item(2, "Map budgets", action=7)], []),
        # Different actions with the same title are the same item to a reader.
        (
            [item(1, "Map budgets", action=7, done=True)],
            [item(2, "Map budgets", action=8, done=True)],
            [],
        ),
    ],
)
def test_completed_between(earlier, later, completed):
    assert [i.id for i in completed_between(earlier, later)] == completed
