"""Reads the knowledge base out in the exchange format (the format ``bundle.py``
validates and ``services.bundle_apply`` loads): the curators' export, the public
``dataset.json`` and the citations all start from ``bundle_export``.
"""

from decimal import Decimal

from commissioning.knowledge.models import (
    Factor,
    Parameter,
    Programme,
    Source,
)


def _decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def bundle_export(*, published_only: bool = False) -> dict:
    """Everything in the exchange format, ready for ``json.dumps`` or CSV."""
    sources = Source.objects.all()
    factors = Factor.objects.select_related("theme").prefetch_related(
        "perspectives",
        "sources",
        "related",
        "comb_links__target",
        "tdf_links__target",
        "function_links__target",
        "policy_links__target",
        "bct_links__target",
        "actions__function",
        "actions__sources",
        "actions__resources",
    )
    programmes = Programme.objects.prefetch_related("sources", "effects__source")
    parameters = Parameter.objects.select_related("source")
    if published_only:
        sources, factors = sources.published(), factors.published()
        programmes, parameters = programmes.published(), parameters.published()

    def links(manager) -> list[dict]:
        return [{"code": link.target.code, "basis": link.basis} for link in manager.all()]

    return {
        "sources": [
            {
                "key": s.key,
                "authors": s.authors,
                "title": s.title,
                "container": s.container,
                "year": s.year,
                "volume": s.volume,
                "issue": s.issue,
                "pages": s.pages,
                "doi": s.doi,
                "url": s.url,
                "type": s.kind,
                "grade": s.grade,
                "notes": s.notes,
                "status": s.status,
            }
            for s in sources
        ],
        "factors": [
            {
                "slug": f.slug,
                "title": f.title,
                "kind": f.kind,
                "summary": f.summary,
                "body": f.body,
                "level": f.level,
                "theme": f.theme.name,
                "perspectives": [p.code for p in f.perspectives.all()],
                "comb": links(f.comb_links),
                "tdf": links(f.tdf_links),
                "functions": links(f.function_links),
                "policies": links(f.policy_links),
                "bcts": links(f.bct_links),
                "sources": [s.key for s in f.sources.all()],
                "related": [r.slug for r in f.related.all()],
                "status": f.status,
                "actions": [
                    {
                        "title": a.title,
                        "description": a.description,
                        "function": a.function.code,
                        "sources": [s.key for s in a.sources.all()],
                        "resources": [{"label": r.label, "url": r.url} for r in a.resources.all()],
                    }
                    for a in f.actions.all()
                ],
            }
            for f in factors
        ],
        "programmes": [
            {
                "slug": p.slug,
                "name": p.name,
                "summary": p.summary,
                "description": p.description,
                "age_range": p.age_range,
                "delivery": p.delivery,
                "evidence_summary": p.evidence_summary,
                "rating": p.rating or None,
                "rating_scheme": p.rating_scheme,
                "sources": [s.key for s in p.sources.all()],
                "effect_sizes": [
                    {
                        "outcome": e.outcome,
                        "measure": e.measure,
                        "value": e.value,
                        "source": e.source.key,
                    }
                    for e in p.effects.all()
                ],
                "status": p.status,
            }
            for p in programmes
        ],
        "parameters": [
            {
                "key": p.key,
                "name": p.name,
                "category": p.category,
                "value": _decimal_text(p.value),
                "unit": p.unit,
                "price_year": p.price_year,
                "low": _decimal_text(p.low),
                "high": _decimal_text(p.high),
                "source": p.source.key,
                "mark": p.mark,
                "status": p.status,
                "notes": p.notes,
            }
            for p in parameters
        ],
    }
