"""From a diagnosis to an action plan (pure: no ORM, no Django).

For each priority factor (see ``scoring.diagnose``) the Behaviour Change Wheel says
which intervention functions can change behaviour limited by that factor's COM-B
sub-components: the COM-B -> intervention function matrix (Michie, van Stralen and
West 2011; the 2014 guide's version). The plan shows those functions, marks the ones
the knowledge base's own actions for the factor use, then lists the actions.

Ordering of suggested functions, most useful first:
1. functions the factor's curated actions use (there is something ready to adopt);
2. functions reached from more of the factor's sub-components (broader fit);
3. the wheel's canonical order of functions.
A function a curated action uses that the matrix does not link to the factor's
sub-components is still listed (``in_matrix`` False), so editors' choices are never
hidden, but it comes after every matrix function.

Also here: which adopted actions were completed between two assessments.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from commissioning.assessment.scoring import Priority


@dataclass(frozen=True)
class FactorFacts:
    slug: str
    comb: tuple[str, ...]  # COM-B sub-component codes, e.g. ("OPh", "MRe")


@dataclass(frozen=True)
class ActionFacts:
    id: int
    factor: str  # factor slug
    function: str  # intervention function code
    order: int = 0


@dataclass(frozen=True)
class SuggestedFunction:
    code: str
    via: tuple[str, ...]  # the factor's sub-components the matrix links to it
    used_by_actions: bool
    in_matrix: bool = True


@dataclass(frozen=True)
class Recommendation:
    factor: str
    implication: Decimal
    reasons: tuple[str, ...]  # codes of the low-rated questions behind the priority
    functions: tuple[SuggestedFunction, ...]
    actions: tuple[int, ...]  # the factor's action ids, curated order
    adopted: tuple[int, ...]  # those already in the plan


def suggested_functions(
    comb: Iterable[str],
    matrix: Mapping[str, Collection[str]],
    *,
    used: Collection[str] = (),
    function_order: Sequence[str] = (),
) -> tuple[SuggestedFunction, ...]:
    """Intervention functions for a factor with sub-components ``comb``.

    ``matrix`` maps a sub-component code to the function codes it links to; ``used``
    are the functions of the factor's curated actions; ``function_order`` is the
    canonical order (codes not in it sort after it, alphabetically)."""
    comb = tuple(dict.fromkeys(comb))
    via: dict[str, list[str]] = {}
    for part in comb:
        for function in matrix.get(part, ()):
            via.setdefault(function, []).append(part)
    rank = {code: i for i, code in enumerate(function_order)}
    suggestions = [
        SuggestedFunction(code, tuple(parts), code in used) for code, parts in via.items()
    ]
    suggestions += [
        SuggestedFunction(code, (), True, in_matrix=False) for code in set(used) if code not in via
    ]

    def key(s: SuggestedFunction) -> tuple:
        return (
            not s.in_matrix,
            not s.used_by_actions,
            -len(s.via),
            rank.get(s.code, len(rank)),
            s.code,
        )

    return tuple(sorted(suggestions, key=key))


def recommend(
    priorities: Iterable[Priority],
    *,
    factors: Mapping[str, FactorFacts],
    matrix: Mapping[str, Collection[str]],
    actions: Iterable[ActionFacts],
    adopted: Collection[int] = (),
    function_order: Sequence[str] = (),
) -> list[Recommendation]:
    """One recommendation per priority, in priority order. Priorities whose factor is
    not in ``factors`` (for example, not published) are left out."""
    by_factor: dict[str, list[ActionFacts]] = {}
    for action in actions:
        by_factor.setdefault(action.factor, []).append(action)
    result = []
    for priority in priorities:
        facts = factors.get(priority.factor)
        if facts is None:
            continue
        own = sorted(by_factor.get(priority.factor, []), key=lambda a: (a.order, a.id))
        functions = suggested_functions(
            facts.comb,
            matrix,
            used={a.function for a in own},
            function_order=function_order,
        )
        result.append(
            Recommendation(
                factor=priority.factor,
                implication=priority.implication,
                reasons=priority.reasons,
                functions=functions,
                actions=tuple(a.id for a in own),
                adopted=tuple(a.id for a in own if a.id in adopted),
            )
        )
    return result


# --- Progress between two assessments -----------------------------------------------


@dataclass(frozen=True)
class PlanItemFacts:
    id: int
    title: str
    action: int | None  # knowledge-base action id, None for the organisation's own
    done: bool


def _same_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def completed_between(
    earlier: Iterable[PlanItemFacts], later: Iterable[PlanItemFacts]
) -> list[PlanItemFacts]:
    """Items done in the later plan that were not done in the earlier one.

    An item is the same in both plans when it adopts the same knowledge-base action
    or has the same title (ignoring case and spacing), so an action adopted again
    under the same name still matches. An item done in the later plan with no done
    match in the earlier plan counts, including one added and completed in between."""
    done_actions: set[int] = set()
    done_titles: set[str] = set()
    for item in earlier:
        if item.done:
            if item.action is not None:
                done_actions.add(item.action)
            done_titles.add(_same_title(item.title))
    return [
        item
        for item in later
        if item.done
        and item.action not in done_actions
        and _same_title(item.title) not in done_titles
    ]
