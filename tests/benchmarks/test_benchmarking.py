"""The pure benchmarking rules: quartiles, small-group suppression and complementary
suppression against differencing (no database)."""

from decimal import Decimal
from itertools import chain, combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.benchmarks import benchmarking as b
from commissioning.benchmarks.benchmarking import ANY, GroupKey

KINDS = ["icb", "local_authority"]
REGIONS = ["North", "South", b.UNKNOWN_REGION]
METRIC = "section:need"


def entries(spec: dict[tuple[str, str], list[int]]) -> list[b.Entry]:
    """{(kind, region): [scores]} -> anonymous entries."""
    return [
        b.Entry(kind, region, {METRIC: Decimal(score)})
        for (kind, region), scores in spec.items()
        for score in scores
    ]


def cell(spec, key: GroupKey, minimum: int = 5) -> b.Cell:
    return b.cell(entries(spec), METRIC, key, kinds=KINDS, regions=REGIONS, minimum=minimum)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2, 3, 4, 5], (1, 2, 3, 4, 5)),
        ([10, 20, 30, 40], (10, 18, 25, 33, 40)),  # 17.5 -> 18, 32.5 -> 33 (half up)
        ([50, 50, 50, 50, 50], (50, 50, 50, 50, 50)),
        ([0, 100, 25, 75, 60, 40], (0, 29, 50, 71, 100)),  # 28.75, 50, 71.25
    ],
)
def test_summaries_use_linear_interpolation_rounded_half_up(values, expected):
    s = b.summarise([Decimal(v) for v in values])
    assert (s.minimum, s.lower_quartile, s.median, s.upper_quartile, s.maximum) == tuple(
        Decimal(e) for e in expected
    )
    assert s.n == len(values)


def test_quantile_of_one_value_and_the_ends():
    assert b.quantile([Decimal(7)], Decimal("0.5")) == 7
    values = [Decimal(v) for v in (1, 2, 3, 4)]
    assert b.quantile(values, Decimal(0)) == 1 and b.quantile(values, Decimal(1)) == 4
    assert b.quantile(values, Decimal("0.25")) == Decimal("1.75")


@pytest.mark.parametrize(("size", "shown"), [(2, False), (4, False), (5, True), (9, True)])
def test_a_group_needs_at_least_the_minimum(size, shown):
    result = cell({("icb", "North"): list(range(50, 50 + size))}, GroupKey())
    assert (result.summary is not None) is shown
    if not shown:
        assert result.reason == b.TOO_FEW
        assert b.reason_text(result.reason, 5).startswith("Not shown: fewer than 5")


def test_organisations_without_a_score_do_not_count():
    spec = entries({("icb", "North"): [40, 50, 60, 70]})
    spec.append(b.Entry("icb", "North", {METRIC: None}))
    result = b.cell(spec, METRIC, GroupKey(), kinds=KINDS, regions=REGIONS, minimum=5)
    assert result.reason == b.TOO_FEW


def test_differencing_all_icbs_with_icbs_in_a_region_cannot_reveal_a_small_group():
    # 7 ICBs: 5 in the North, 2 whose region is not known. Showing both "all ICBs" and
    # "ICBs in the North" would let anyone work out figures about the other 2.
    spec = {("icb", "North"): [60, 62, 64, 66, 68], ("icb", b.UNKNOWN_REGION): [10, 90]}
    assert cell(spec, GroupKey("icb")).summary.n == 7
    north = cell(spec, GroupKey("icb", "North"))
    assert (north.summary, north.reason) == (None, b.PROTECTS_ANOTHER)
    assert cell(spec, GroupKey("icb", b.UNKNOWN_REGION)).reason == b.TOO_FEW
    # With a third organisation... still fewer than 5 outside the North: still hidden.
    spec[("icb", b.UNKNOWN_REGION)].append(50)
    assert cell(spec, GroupKey("icb", "North")).summary is None
    # With 5 outside the North, both regions' groups can be shown.
    spec[("icb", b.UNKNOWN_REGION)] += [20, 30]
    assert cell(spec, GroupKey("icb", "North")).summary.n == 5
    assert cell(spec, GroupKey("icb", b.UNKNOWN_REGION)).summary.n == 5


def test_a_region_holding_every_member_can_be_shown_with_its_type():
    # "All ICBs" and "ICBs in the North" are the same 5 organisations: nothing to isolate.
    spec = {("icb", "North"): [60, 62, 64, 66, 68]}
    assert cell(spec, GroupKey("icb")).summary == cell(spec, GroupKey("icb", "North")).summary


def test_groups_of_2_4_and_5_side_by_side():
    # Regions of 5, 5 and 4 ICBs. The 4 are hidden, so one region of 5 must be hidden
    # too (the later one), or "all ICBs" minus the other two would isolate the 4.
    spec = {
        ("icb", "North"): [10, 20, 30, 40, 50],
        ("icb", "South"): [15, 25, 35, 45, 55],
        ("icb", b.UNKNOWN_REGION): [60, 70, 80, 90],
    }
    assert cell(spec, GroupKey("icb", "North")).summary.n == 5
    assert cell(spec, GroupKey("icb", "South")).reason == b.PROTECTS_ANOTHER
    assert cell(spec, GroupKey("icb", b.UNKNOWN_REGION)).reason == b.TOO_FEW
    assert cell(spec, GroupKey("icb")).summary.n == 14
    assert cell(spec, GroupKey()).summary.n == 14


def test_a_hidden_group_of_2_hides_the_group_it_could_be_worked_out_from():
    # Add 2 local authorities: "all organisations" (16) minus "all ICBs" (14) would
    # isolate them, so the smaller shown group, all ICBs, is hidden. Both regions of 5
    # can then be shown: all organisations minus both leaves 6 (4 ICBs and 2 LAs).
    spec = {
        ("icb", "North"): [10, 20, 30, 40, 50],
        ("icb", "South"): [15, 25, 35, 45, 55],
        ("icb", b.UNKNOWN_REGION): [60, 70, 80, 90],
        ("local_authority", "North"): [5, 6],
    }
    assert cell(spec, GroupKey("local_authority")).reason == b.TOO_FEW
    assert cell(spec, GroupKey()).summary.n == 16
    assert cell(spec, GroupKey("icb")).reason == b.PROTECTS_ANOTHER
    assert cell(spec, GroupKey("icb", "North")).summary.n == 5
    assert cell(spec, GroupKey("icb", "South")).summary.n == 5
    assert cell(spec, GroupKey("icb", b.UNKNOWN_REGION)).reason == b.TOO_FEW


def test_the_decision_is_the_same_whichever_group_is_viewed():
    spec = {("icb", "North"): [1, 2, 3, 4, 5, 6], ("icb", "South"): [7, 8, 9]}
    nodes = b.tree(KINDS, REGIONS)
    first = b.suppression(b.group_counts(entries(spec), nodes, METRIC), nodes, minimum=5)
    for key in nodes:
        assert (cell(spec, key).reason or "") == first[key]


def test_the_minimum_cannot_be_below_3():
    with pytest.raises(ValueError, match="at least 3"):
        cell({("icb", "North"): [1, 2]}, GroupKey(), minimum=2)


def test_a_region_is_only_chosen_within_a_type():
    with pytest.raises(ValueError):
        GroupKey(ANY, "North")


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        (Decimal("9.4"), b.BELOW_LOWER),
        (Decimal(20), b.LOWER_TO_MEDIAN),
        (Decimal("29.6"), b.AT_MEDIAN),
        (Decimal(40), b.MEDIAN_TO_UPPER),
        (Decimal(50), b.MEDIAN_TO_UPPER),
        (Decimal("50.5"), b.ABOVE_UPPER),
        (None, ""),
    ],
)
def test_where_the_viewer_sits(own, expected):
    summary = b.Summary(5, Decimal(0), Decimal(10), Decimal(30), Decimal(50), Decimal(100))
    assert b.position(own, summary) == expected
    assert b.position(own, None) == ""


# --- The guarantee, checked exhaustively on small trees ----------------------------------

LEAVES = [(k, r) for k in KINDS for r in REGIONS]


def members(key: GroupKey) -> set[tuple[str, str]]:
    return {leaf for leaf in LEAVES if key.contains(*leaf)}


@settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=9), min_size=6, max_size=6),
    minimum=st.integers(min_value=3, max_value=6),
)
def test_no_comparison_of_shown_groups_isolates_fewer_than_the_minimum(counts, minimum):
    per_leaf = dict(zip(LEAVES, counts, strict=True))
    nodes = b.tree(KINDS, REGIONS)
    n = {node: sum(per_leaf[leaf] for leaf in members(node)) for node in nodes}
    hidden = b.suppression(n, nodes, minimum=minimum)
    shown = [node for node in nodes if not hidden[node]]
    for group in shown:
        assert n[group] >= minimum
        below = [other for other in shown if other.is_below(group)]
        # Any set of shown sub-groups subtracted from a shown group.
        for subset in chain.from_iterable(combinations(below, r) for r in range(len(below) + 1)):
            left = members(group) - set().union(*(members(s) for s in subset))
            isolated = sum(per_leaf[leaf] for leaf in left)
            assert isolated == 0 or isolated >= minimum, (group, subset, per_leaf)
