"""``make_*`` builders for the public knowledge-base page tests (overridable defaults).

Factor mappings name framework codes, so load the frameworks first
(``load_frameworks``). Everything is published unless the test says otherwise.
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
from commissioning.knowledge.services import (
    bundle_apply,
    frameworks_load,
    shipped_bundle,
    shipped_frameworks,
)

_counter = itertools.count(1)

# mapping name -> (link model, target model, field holding the code)
MAPPINGS = {
    "comb": (FactorComb, CombSubcomponent, "code"),
    "tdf": (FactorTdf, TdfDomain, "code"),
    "functions": (FactorFunction, InterventionFunction, "code"),
    "policies": (FactorPolicy, PolicyCategory, "code"),
    "bcts": (FactorBct, BctTechnique, "code"),
}


def load_frameworks() -> None:
    frameworks_load(shipped_frameworks())


def load_shipped_content() -> None:
    """The real frameworks and content, as ``manage.py load_content`` loads them."""
    load_frameworks()
    bundle_apply(shipped_bundle(), overwrite=False)


def make_theme(**overrides: object) -> Theme:
    n = next(_counter)
    fields = {"name": f"Theme {n}", "slug": f"theme-{n}"}
    fields.update(overrides)
    return Theme.objects.create(**fields)


def make_source(**overrides: object) -> Source:
    n = next(_counter)
    fields: dict[str, object] = {
        "key": f"author{n}2020",
        "authors": f"Author{n} A, Other B",
        "title": f"A study numbered {n}",
        "container": "Journal of Infant Studies",
        "year": 2020,
        "kind": Source.Kind.QUALITATIVE,
        "grade": "C",
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    return Source.objects.create(**fields)


def _link_spec(entry: str | tuple[str, str]) -> tuple[str, str]:
    """A mapping given as "CPs" (proposed by the editors) or ("CPs", "source")."""
    return (entry, "editor") if isinstance(entry, str) else entry


def make_factor(
    *,
    perspectives: Iterable[str] = (),
    sources: Iterable[Source] = (),
    related: Iterable[Factor] = (),
    **overrides: object,
) -> Factor:
    """A factor; pass ``comb=["CPs", ("MRe", "source")]`` and the like for mappings."""
    n = next(_counter)
    links = {name: overrides.pop(name, ()) for name in MAPPINGS}
    fields: dict[str, object] = {
        "title": f"Factor number {n}",
        "slug": f"factor-{n}",
        "kind": Factor.Kind.BARRIER,
        "summary": f"One-line summary of factor {n}.",
        "body": f"Body of factor {n}.",
        "level": Factor.Level.GENERAL,
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    if "theme" not in fields:
        fields["theme"] = make_theme()
    factor = Factor.objects.create(**fields)
    factor.perspectives.set(Perspective.objects.filter(code__in=list(perspectives)))
    factor.sources.set(list(sources))
    factor.related.set(list(related))
    for name, entries in links.items():
        link_model, target_model, code_field = MAPPINGS[name]
        for code, basis in map(_link_spec, entries):
            target = target_model.objects.get(**{code_field: code})
            link_model.objects.create(factor=factor, target=target, basis=basis)
    return factor


def make_action(*, factor: Factor, function: str = "IF-education", **overrides: object) -> Action:
    resources = overrides.pop("resources", ())
    sources = overrides.pop("sources", ())
    fields: dict[str, object] = {
        "title": f"Do action {next(_counter)}",
        "description": "Who to involve and what good looks like.",
    }
    fields.update(overrides)
    action = Action.objects.create(
        factor=factor, function=InterventionFunction.objects.get(code=function), **fields
    )
    action.sources.set(list(sources))
    for label, url in resources:
        ActionResource.objects.create(action=action, label=label, url=url)
    return action


def make_factors_bulk(count: int, *, theme: Theme | None = None) -> list[Factor]:
    """``count`` published factors, each with a full set of mappings, a perspective, a
    source, an action and a related factor, in a handful of bulk inserts (no signals)."""
    theme = theme or make_theme()
    start = next(_counter)
    factors = Factor.objects.bulk_create(
        Factor(
            title=f"Bulk factor {start}-{i:04d}",
            slug=f"bulk-{start}-{i:04d}",
            kind=(Factor.Kind.BARRIER, Factor.Kind.ENABLER, Factor.Kind.BOTH)[i % 3],
            summary=f"Summary of bulk factor {i}.",
            body=f"Body of bulk factor {i} with **markdown**.",
            level=Factor.Level.GENERAL,
            theme=theme,
            status=Status.PUBLISHED,
        )
        for i in range(count)
    )
    targets = {
        name: list(target_model.objects.all()) for name, (_, target_model, _) in MAPPINGS.items()
    }
    for name, (link_model, _, _) in MAPPINGS.items():
        pool = targets[name]
        link_model.objects.bulk_create(
            link_model(factor=factor, target=pool[(i + k) % len(pool)], basis="editor")
            for i, factor in enumerate(factors)
            for k in range(2)
        )
    perspectives = list(Perspective.objects.all())
    Factor.perspectives.through.objects.bulk_create(
        Factor.perspectives.through(factor=factor, perspective=perspectives[i % len(perspectives)])
        for i, factor in enumerate(factors)
    )
    source = make_source()
    Factor.sources.through.objects.bulk_create(
        Factor.sources.through(factor=factor, source=source) for factor in factors
    )
    function = targets["functions"][0]
    Action.objects.bulk_create(
        Action(factor=factor, title="Act", description="Do it.", function=function)
        for factor in factors
    )
    Factor.related.through.objects.bulk_create(
        Factor.related.through(from_factor=a, to_factor=b) for a, b in itertools.pairwise(factors)
    )
    return factors


def make_programme(*, sources: Iterable[Source] = (), **overrides: object) -> Programme:
    n = next(_counter)
    effects = overrides.pop("effects", ())
    fields: dict[str, object] = {
        "slug": f"programme-{n}",
        "name": f"Programme {n}",
        "summary": f"What programme {n} is.",
        "description": "A **structured** programme.",
        "age_range": "0 to 2 years",
        "delivery": "Home visits",
        "evidence_summary": "Some evidence of benefit.",
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    programme = Programme.objects.create(**fields)
    programme.sources.set(list(sources))
    for outcome, measure, value, source in effects:
        ProgrammeEffect.objects.create(
            programme=programme, outcome=outcome, measure=measure, value=value, source=source
        )
    return programme


def make_parameter(**overrides: object) -> Parameter:
    n = next(_counter)
    fields: dict[str, object] = {
        "key": f"parameter_{n}",
        "name": f"Parameter {n}",
        "category": Parameter.Category.UNIT_COST,
        "value": Decimal("123.450000"),
        "unit": "GBP per hour",
        "price_year": "2023/24",
        "mark": Parameter.Mark.VERIFIED,
        "status": Status.PUBLISHED,
    }
    fields.update(overrides)
    if "source" not in fields:
        fields["source"] = make_source()
    return Parameter.objects.create(**fields)


def make_small_kb() -> dict[str, Factor]:
    """Three published factors that differ on every facet, plus a draft and one in
    review that must never show. Loads the frameworks first."""
    load_frameworks()
    funding = make_theme(name="Funding", slug="funding")
    awareness = make_theme(name="Awareness", slug="awareness")
    return {
        "short_term": make_factor(
            title="Short-term funding",
            slug="short-term-funding",
            kind=Factor.Kind.BARRIER,
            level=Factor.Level.GENERAL,
            theme=funding,
            summary="Money arrives a year at a time.",
            body="Pilots end when the ring-fenced grant stops.",
            comb=["CPs"],
            tdf=["TDF01"],
            functions=["IF-education"],
            perspectives=["commissioner"],
        ),
        "champions": make_factor(
            title="Local champions",
            slug="local-champions",
            kind=Factor.Kind.ENABLER,
            level=Factor.Level.PAIR,
            theme=awareness,
            summary="Someone who keeps babies on the agenda.",
            body="A respected clinician makes the case at every board.",
            comb=["MRe"],
            tdf=["TDF06"],
            functions=["IF-persuasion"],
            perspectives=["parent"],
        ),
        "pandemic": make_factor(
            title="Pandemic disruption",
            slug="pandemic-disruption",
            kind=Factor.Kind.BOTH,
            level=Factor.Level.CONTEXT,
            theme=funding,
            summary="Services moved online.",
            body="Video visits kept some families in touch.",
            comb=["CPs", "OPh"],
            tdf=["TDF11"],
            functions=["IF-enablement"],
            perspectives=["practitioner"],
        ),
        "draft": make_factor(
            title="Secret draft factor",
            slug="secret-draft",
            status=Status.DRAFT,
            theme=funding,
            comb=["CPs"],
            functions=["IF-education"],
        ),
        "review": make_factor(
            title="Factor under review",
            slug="under-review",
            status=Status.REVIEW,
            kind=Factor.Kind.ENABLER,
            theme=awareness,
            comb=["MRe"],
            functions=["IF-persuasion"],
        ),
    }
