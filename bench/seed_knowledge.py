"""Top the bench database up to N published factors (default 1,000), each with
mappings, two actions and a source, built from the shipped factors' shapes.

Run inside Django: ``manage.py shell -c "from bench.seed_knowledge import seed; seed(1000)"``.
"""

import itertools

from django.db import transaction

from commissioning.knowledge.models import (
    Action,
    Factor,
    FactorComb,
    FactorFunction,
    FactorPolicy,
    FactorTdf,
    Status,
)

WORDS = [
    "funding",
    "commissioning",
    "awareness",
    "infant",
    "relationship",
    "perinatal",
    "partnership",
    "evidence",
    "workforce",
    "referral",
    "pathway",
    "outcome",
    "budget",
    "family",
    "health",
    "visiting",
    "board",
    "strategy",
]


@transaction.atomic
def seed(total: int = 1000) -> int:
    templates = list(
        Factor.objects.published().prefetch_related(
            "comb_links", "tdf_links", "function_links", "policy_links", "actions", "sources"
        )
    )
    have = Factor.objects.published().count()
    needed = max(0, total - have)
    cycle = itertools.cycle(templates)
    new = []
    for n in range(needed):
        template = next(cycle)
        words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(6))
        new.append(
            Factor(
                slug=f"bench-factor-{n}",
                title=f"{template.title} ({n})",
                kind=template.kind,
                summary=f"{template.summary[:200]} {words}",
                body=f"{template.body}\n\n{words}",
                level=template.level,
                theme_id=template.theme_id,
                status=Status.PUBLISHED,
            )
        )
    created = Factor.objects.bulk_create(new)
    links: dict[type, list] = {FactorComb: [], FactorTdf: [], FactorFunction: [], FactorPolicy: []}
    actions = []
    for factor, template in zip(created, cycle, strict=False):
        for model, manager in (
            (FactorComb, template.comb_links),
            (FactorTdf, template.tdf_links),
            (FactorFunction, template.function_links),
            (FactorPolicy, template.policy_links),
        ):
            links[model] += [
                model(factor=factor, target_id=link.target_id, basis=link.basis)
                for link in manager.all()
            ]
        actions += [
            Action(
                factor=factor, title=a.title, description=a.description, function_id=a.function_id
            )
            for a in template.actions.all()
        ]
    for model, rows in links.items():
        model.objects.bulk_create(rows)
    Action.objects.bulk_create(actions)
    through = Factor.sources.through
    through.objects.bulk_create(
        through(factor_id=factor.pk, source_id=template.sources.all()[0].pk)
        for factor, template in zip(created, cycle, strict=False)
    )
    return Factor.objects.published().count()
