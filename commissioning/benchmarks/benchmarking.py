"""Anonymous benchmarking of self-assessment scores (pure: no ORM, no Django).

The inputs are one ``Entry`` per sharing organisation: its type, its region and its
scores (0..100, or None for "not enough answers") by metric (a section or a COM-B
sub-component) from its latest submitted assessment. Entries carry no name or id, so
nothing here can reveal which organisation a number belongs to.

Groups form a tree, and the filters on the page only ever select one of its nodes:

    all sharing organisations
      -> each organisation type
           -> each type within one region (or "region not known")

The anonymity rule, applied separately to each metric (an organisation without a score
for that metric does not count in it), with ``minimum`` = k = ``BENCHMARK_MIN_GROUP``
(at least 3):

1. Small groups: a group's figures (count, minimum, quartiles, median, maximum) are
   shown only when at least k organisations in it have a score.
2. Complementary suppression (differencing): for every shown group, the organisations
   in none of its shown sub-groups (at any depth) must number 0 or at least k. When
   they number 1 to k - 1, the smallest shown sub-group is hidden as well (ties: the
   later one in page order) and the check runs again until it holds for every group.

   Why this is enough: groups in a tree are either nested or disjoint, so anything a
   viewer can isolate by comparing shown groups (for example "all ICBs" minus "ICBs in
   region R") is a union of these remainders, each empty or of at least k
   organisations. No figure can be narrowed down to fewer than k organisations (of
   which at most one is the viewer's own).
3. Hidden groups show no count at all; shown figures are rounded to whole numbers (half
   up), and no per-organisation value, name or list of members is ever output (the
   minimum and maximum are order statistics of at least k unnamed organisations).

Residual risk (documented, not solved here): comparing the page at two moments when
one organisation joined, left or submitted a new assessment. Whole-number rounding
blurs, but does not remove, that change.

Quartiles use linear interpolation between closest ranks (R's type 7, Excel's
QUARTILE.INC): the p-quantile of n sorted values is at position (n - 1) × p.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

ABSOLUTE_MINIMUM = 3
ANY = ""
UNKNOWN_REGION = "unknown"

TOO_FEW = "too_few"
PROTECTS_ANOTHER = "protects_another"
REASONS = {
    TOO_FEW: "Not shown: fewer than {k} organisations in this group have a score.",
    PROTECTS_ANOTHER: "Not shown, so that it cannot be compared with another group to "
    "reveal the scores of fewer than {k} organisations.",
}

BELOW_LOWER = "Below the lower quartile (in the lowest quarter)"
LOWER_TO_MEDIAN = "Between the lower quartile and the median"
AT_MEDIAN = "At the median"
MEDIAN_TO_UPPER = "Between the median and the upper quartile"
ABOVE_UPPER = "Above the upper quartile (in the highest quarter)"


@dataclass(frozen=True)
class Entry:
    """One sharing organisation's scores, with no identity attached."""

    kind: str
    region: str
    scores: Mapping[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True, order=True)
class GroupKey:
    """A node of the tree: ``kind`` ANY is every type; ``region`` ANY is every region
    (a region is only ever chosen within a type)."""

    kind: str = ANY
    region: str = ANY

    def __post_init__(self) -> None:
        if self.region != ANY and self.kind == ANY:
            raise ValueError("A region is chosen within an organisation type")

    @property
    def depth(self) -> int:
        return (self.kind != ANY) + (self.region != ANY)

    def contains(self, kind: str, region: str) -> bool:
        return self.kind in (ANY, kind) and self.region in (ANY, region)

    def is_below(self, other: "GroupKey") -> bool:
        """True when this group is a strict sub-group of ``other``."""
        return (
            self != other and other.kind in (ANY, self.kind) and other.region in (ANY, self.region)
        )


@dataclass(frozen=True)
class Summary:
    """A shown group's figures for one metric, rounded to whole numbers (half up)."""

    n: int
    minimum: Decimal
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class Cell:
    """One metric for one group: ``summary`` when shown, else ``reason``."""

    key: GroupKey
    summary: Summary | None
    reason: str = ""


def check_minimum(minimum: int) -> int:
    if minimum < ABSOLUTE_MINIMUM:
        raise ValueError(f"The minimum group size must be at least {ABSOLUTE_MINIMUM}")
    return minimum


def quantile(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """The ``p``-quantile (0..1) of ``ordered`` (sorted, not empty), interpolating
    linearly between closest ranks: position (n - 1) × p."""
    if not ordered:
        raise ValueError("No values")
    position = (len(ordered) - 1) * p
    below = int(position.to_integral_value(rounding=ROUND_FLOOR))
    fraction = position - below
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + (ordered[below + 1] - ordered[below]) * fraction


def whole(value: Decimal) -> Decimal:
    """``value`` rounded to a whole number, half up, as every figure is shown."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def summarise(values: Sequence[Decimal]) -> Summary:
    """Count, minimum, quartiles, median and maximum of ``values``, each rounded to a
    whole number. Callers must apply the anonymity rule first."""
    ordered = sorted(Decimal(v) for v in values)
    return Summary(
        n=len(ordered),
        minimum=whole(ordered[0]),
        lower_quartile=whole(quantile(ordered, Decimal("0.25"))),
        median=whole(quantile(ordered, Decimal("0.5"))),
        upper_quartile=whole(quantile(ordered, Decimal("0.75"))),
        maximum=whole(ordered[-1]),
    )


def tree(kinds: Sequence[str], regions: Sequence[str]) -> list[GroupKey]:
    """Every group, in page order: all, then each type followed by its regions."""
    nodes = [GroupKey()]
    for kind in kinds:
        nodes.append(GroupKey(kind))
        nodes.extend(GroupKey(kind, region) for region in regions)
    return nodes


def _maximal_shown_below(node: GroupKey, nodes: Sequence[GroupKey], hidden: dict) -> list:
    shown_below = [m for m in nodes if m.is_below(node) and not hidden[m]]
    return [m for m in shown_below if not any(m.is_below(other) for other in shown_below)]


def suppression(
    counts: Mapping[GroupKey, int], nodes: Sequence[GroupKey], *, minimum: int
) -> dict[GroupKey, str]:
    """Why each group in ``nodes`` is hidden ("" when shown), given how many
    organisations in it have a score (``counts``). See the module docstring."""
    minimum = check_minimum(minimum)
    order = {node: i for i, node in enumerate(nodes)}
    hidden = {node: "" if counts.get(node, 0) >= minimum else TOO_FEW for node in nodes}
    while True:
        for node in nodes:
            if hidden[node]:
                continue
            below = _maximal_shown_below(node, nodes, hidden)
            remainder = counts.get(node, 0) - sum(counts.get(m, 0) for m in below)
            if 0 < remainder < minimum:
                victim = min(below, key=lambda m: (counts.get(m, 0), -order[m]))
                hidden[victim] = PROTECTS_ANOTHER
                break
        else:
            return hidden


def group_counts(
    entries: Sequence[Entry], nodes: Sequence[GroupKey], metric: str
) -> dict[GroupKey, int]:
    scored = [e for e in entries if e.scores.get(metric) is not None]
    return {node: sum(1 for e in scored if node.contains(e.kind, e.region)) for node in nodes}


def cell(
    entries: Sequence[Entry],
    metric: str,
    key: GroupKey,
    *,
    kinds: Sequence[str],
    regions: Sequence[str],
    minimum: int,
) -> Cell:
    """The figures for ``metric`` in group ``key``, or why they are hidden. The
    decision is taken over the whole tree, so it is the same whichever group is viewed."""
    nodes = tree(kinds, regions)
    if key not in nodes:
        raise ValueError(f"{key} is not a benchmark group")
    counts = group_counts(entries, nodes, metric)
    reason = suppression(counts, nodes, minimum=minimum)[key]
    if reason:
        return Cell(key, None, reason)
    values = [
        e.scores[metric]
        for e in entries
        if key.contains(e.kind, e.region) and e.scores.get(metric) is not None
    ]
    return Cell(key, summarise(values))  # type: ignore[arg-type]


def position(value: Decimal | None, summary: Summary | None) -> str:
    """Where ``value`` (the viewer's own score, rounded like the figures) sits in a
    shown group's distribution; "" when there is nothing to compare."""
    if value is None or summary is None:
        return ""
    value = whole(Decimal(value))
    if value < summary.lower_quartile:
        return BELOW_LOWER
    if value > summary.upper_quartile:
        return ABOVE_UPPER
    if value == summary.median:
        return AT_MEDIAN
    return LOWER_TO_MEDIAN if value < summary.median else MEDIAN_TO_UPPER


def reason_text(reason: str, minimum: int) -> str:
    return REASONS[reason].format(k=minimum) if reason else ""
