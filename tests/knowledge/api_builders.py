"""``make_*`` builders for the API, dataset and citation tests.

They write rows directly (the shipped frameworks must be loaded first, see
``load_frameworks``), so a test can make hundreds of factors quickly. ``make_factors``
uses ``bulk_create``, which sends no signals: the anonymous-page cache does not notice,
so make everything before the first request or use a signed-in client.
"""

import itertools
from collections.abc import Iterable
from decimal import Decimal

from commissioning.knowledge.models import (
    Action,
    ActionResource,
    BctTechnique,
    CombSubcomponent,
    Factor,
    FactorBct,
    FactorComb,
    FactorFunction,
    FactorPolicy,
    FactorTdf,
    InterventionFunction,
    Parameter,
    Perspective,
    PolicyCategory,
    Programme,
    ProgrammeEffect,
    Source,
    Status,
    TdfDomain,
    Theme,
)
from commissioning.knowledge.services import frameworks_load, shipped_frameworks

_counter = itertools.count(1)

LINKS = (
    ("comb", FactorComb, CombSubcomponent, ("CPs", "MRe")),
    ("tdf", FactorTdf, TdfDomain, ("TDF01",)),
    ("functions", FactorFunction, InterventionFunction, ("IF-education",)),
    ("policies", FactorPolicy, PolicyCategory, ("PC-communication",)),
    ("bcts", FactorBct, BctTechnique, ("5.1",)),
)


def load_frameworks() -> None:
    frameworks_load(shipped_frameworks())


def make_theme(**overrides: object) -> Theme:
    n = next(_counter)
    fields = {"name": f"Theme {n}", "slug": f"theme-{n}"}
    fields.update(overrides)
    return Theme.objects.create(**fields)


def make_source(**overrides: object) -> Source:
    n = next(_counter)
    fields = {
        "key": f"source{n}",
        "authors": "Smith A, Jones B",
        "title": f"A study of commissioning {n}",
        "container": "Journal of Things",
        "year": 2020,
        "kind": Source.Kind.QUALITATIVE,
        "grade": Source.Grade.C,
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    return Source.objects.create(**fields)


def _factor_fields(n: int, theme: Theme, overrides: dict) -> dict:
    fields = {
        "slug": f"factor-{n}",
        "title": f"Factor {n:04d}",
        "kind": Factor.Kind.BARRIER,
        "summary": f"Summary of factor {n}.",
        "body": f"Body of factor {n} with **Markdown**.",
        "level": Factor.Level.PAIR,
        "theme": theme,
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    return fields


def _link_all(factors: list[Factor], codes: dict[str, Iterable[str]]) -> None:
    for name, link_model, target_model, default in LINKS:
        targets = list(target_model.objects.filter(code__in=codes.get(name, default)))
        link_model.objects.bulk_create(
            link_model(factor=factor, target=target, basis="editor")
            for factor in factors
            for target in targets
        )


def make_factors(
    count: int,
    *,
    theme: Theme | None = None,
    perspectives: Iterable[str] = ("commissioner",),
    sources: Iterable[Source] = (),
    actions: int = 1,
    codes: dict[str, Iterable[str]] | None = None,
    **overrides: object,
) -> list[Factor]:
    """``count`` factors with the same mappings, perspectives, sources and ``actions``
    actions each (titles "Factor 0001" ... so they sort in creation order)."""
    theme = theme or make_theme()
    built = [Factor(**_factor_fields(next(_counter), theme, dict(overrides))) for _ in range(count)]
    factors = Factor.objects.bulk_create(built)
    _link_all(factors, codes or {})
    people = list(Perspective.objects.filter(code__in=perspectives))
    sources = list(sources)
    for factor in factors:
        factor.perspectives.add(*people)
        factor.sources.add(*sources)
    education = InterventionFunction.objects.get(code="IF-education")
    Action.objects.bulk_create(
        Action(
            factor=factor,
            title=f"Action {number} for {factor.slug}",
            description="Do the thing.",
            function=education,
            order=number,
        )
        for factor in factors
        for number in range(actions)
    )
    return factors


def make_factor(**overrides: object) -> Factor:
    return make_factors(1, **overrides)[0]


def make_action(
    *,
    factor: Factor,
    function: str = "IF-education",
    sources: Iterable[Source] = (),
    resources: Iterable[tuple[str, str]] = (),
    **overrides: object,
) -> Action:
    fields = {
        "title": f"Action {next(_counter)}",
        "description": "Explain it to the board.",
        "function": InterventionFunction.objects.get(code=function),
        "order": 10,
    }
    fields.update(overrides)
    action = Action.objects.create(factor=factor, **fields)
    action.sources.set(sources)
    for label, url in resources:
        ActionResource.objects.create(action=action, label=label, url=url)
    return action


def make_programme(
    *, sources: Iterable[Source] = (), effects: Iterable[dict] = (), **overrides: object
) -> Programme:
    n = next(_counter)
    fields = {
        "slug": f"programme-{n}",
        "name": f"Programme {n}",
        "summary": "A programme.",
        "description": "What it is.",
        "evidence_summary": "What the evidence found.",
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    programme = Programme.objects.create(**fields)
    programme.sources.set(sources)
    for effect in effects:
        ProgrammeEffect.objects.create(programme=programme, **effect)
    return programme


def make_parameter(*, source: Source, **overrides: object) -> Parameter:
    n = next(_counter)
    fields = {
        "key": f"parameter_{n}",
        "name": f"Parameter {n}",
        "category": Parameter.Category.UNIT_COST,
        "value": Decimal("70.500000"),
        "unit": "GBP per hour",
        "price_year": "2023/24",
        "mark": Parameter.Mark.VERIFIED,
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    return Parameter.objects.create(source=source, **fields)
