"""Writes for the knowledge base: loading the reference frameworks and applying content
bundles (the exchange format validated by ``bundle.py``). Reading content back out in
that format is ``bundle_export.py``."""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commissioning.knowledge.bundle import Known, Problem, validate_bundle
from commissioning.knowledge.models import (
    Action,
    ActionResource,
    BctGroup,
    BctTechnique,
    CombComponent,
    CombFunctionLink,
    CombSubcomponent,
    Factor,
    FactorBct,
    FactorComb,
    FactorFunction,
    FactorPolicy,
    FactorTdf,
    FunctionPolicyLink,
    InterventionFunction,
    MatrixNote,
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

CONTENT_DIR = Path(__file__).resolve().parent / "content"
PERSPECTIVES = (
    ("commissioner", "Commissioners"),
    ("referrer", "Referrers"),
    ("practitioner", "Practitioners"),
    ("parent", "Parents"),
)
MAPPING_MODELS = {
    "comb": (FactorComb, CombSubcomponent, "code"),
    "tdf": (FactorTdf, TdfDomain, "code"),
    "functions": (FactorFunction, InterventionFunction, "code"),
    "policies": (FactorPolicy, PolicyCategory, "code"),
    "bcts": (FactorBct, BctTechnique, "code"),
}


class BundleRejected(Exception):
    """The bundle has problems; nothing was applied."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass
class ApplySummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], section: str) -> None:
        bucket[section] = bucket.get(section, 0) + 1

    def __str__(self) -> str:
        parts = []
        for label, bucket in (
            ("created", self.created),
            ("updated", self.updated),
            ("left unchanged", self.skipped),
        ):
            if bucket:
                parts.append(
                    f"{label} " + ", ".join(f"{n} {section}" for section, n in bucket.items())
                )
        return "; ".join(parts) or "nothing to do"


# --- Reference frameworks ---------------------------------------------------------


@transaction.atomic
def frameworks_load(data: dict) -> dict[str, int]:
    """Create the framework rows that do not exist yet (by code). Existing rows are
    left as they are, so reloading never overwrites an edit."""
    created: dict[str, int] = {}

    def make(model: type, lookup: dict, defaults: dict) -> object:
        obj, was_created = model.objects.get_or_create(**lookup, defaults=defaults)
        if was_created:
            created[model.__name__] = created.get(model.__name__, 0) + 1
        return obj

    for order, row in enumerate(data["comb_components"]):
        make(
            CombComponent,
            {"code": row["code"]},
            {"name": row["name"], "description": row["description"], "order": order},
        )
    for order, row in enumerate(data["comb_subcomponents"]):
        make(
            CombSubcomponent,
            {"code": row["code"]},
            {
                "name": row["name"],
                "description": row["description"],
                "order": order,
                "component": CombComponent.objects.get(code=row["component"]),
            },
        )
    for row in data["tdf_domains"]:
        domain = make(
            TdfDomain,
            {"code": row["code"]},
            {"name": row["name"], "description": row["description"], "order": row["number"]},
        )
        if not domain.comb.exists():
            domain.comb.set(CombSubcomponent.objects.filter(code__in=row["comb"]))
    for row in data["intervention_functions"]:
        make(
            InterventionFunction,
            {"code": row["code"]},
            {"name": row["name"], "description": row["description"], "order": row["number"]},
        )
    for row in data["policy_categories"]:
        make(
            PolicyCategory,
            {"code": row["code"]},
            {"name": row["name"], "description": row["description"], "order": row["number"]},
        )
    matrix = data["comb_if_matrix"]
    additions = {
        (comb, function)
        for comb, functions in matrix.get("additions_2014", {}).items()
        for function in functions
    }
    for comb, functions in matrix["rows"].items():
        for function in functions:
            make(
                CombFunctionLink,
                {
                    "subcomponent": CombSubcomponent.objects.get(code=comb),
                    "function": InterventionFunction.objects.get(code=function),
                },
                {"added_in_2014": (comb, function) in additions},
            )
    policy_matrix = data["if_pc_matrix"]
    for function, policies in policy_matrix["rows"].items():
        for policy in policies:
            make(
                FunctionPolicyLink,
                {
                    "function": InterventionFunction.objects.get(code=function),
                    "policy": PolicyCategory.objects.get(code=policy),
                },
                {"verified": not policy_matrix.get("to_be_verified", False)},
            )
    for key, block in (("comb_if", matrix), ("if_pc", policy_matrix)):
        make(
            MatrixNote,
            {"key": key},
            {
                "note": block.get("note", ""),
                "to_be_verified": bool(block.get("to_be_verified", False)),
                "source_key": block.get("source_key", ""),
            },
        )
    for row in data["bct_groups"]:
        make(BctGroup, {"number": row["number"]}, {"name": row["name"]})
    for row in data["bct_techniques"]:
        make(
            BctTechnique,
            {"code": row["code"]},
            {"label": row["label"], "group": BctGroup.objects.get(number=row["group"])},
        )
    for order, (code, name) in enumerate(PERSPECTIVES):
        make(Perspective, {"code": code}, {"name": name, "order": order})
    return created


# --- Content bundles --------------------------------------------------------------


def known_codes() -> Known:
    return Known(
        comb=set(CombSubcomponent.objects.values_list("code", flat=True)),
        tdf=set(TdfDomain.objects.values_list("code", flat=True)),
        functions=set(InterventionFunction.objects.values_list("code", flat=True)),
        policies=set(PolicyCategory.objects.values_list("code", flat=True)),
        bcts=set(BctTechnique.objects.values_list("code", flat=True)),
        perspectives=set(Perspective.objects.values_list("code", flat=True)),
        sources=set(Source.objects.values_list("key", flat=True)),
        factors=set(Factor.objects.values_list("slug", flat=True)),
    )


def _status_fields(item: dict, existing: object | None) -> dict:
    status = item.get("status") or Status.PUBLISHED
    fields = {"status": status}
    if status == Status.PUBLISHED and (existing is None or existing.published_at is None):
        fields["published_at"] = timezone.now()
    return fields


def _upsert(model: type, lookup: dict, fields: dict, *, overwrite: bool, summary, section):
    existing = model.objects.filter(**lookup).first()
    if existing is not None and not overwrite:
        summary.count(summary.skipped, section)
        return None
    if existing is None:
        obj = model(**lookup, **fields)
        obj.save()
        summary.count(summary.created, section)
        return obj
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.version += 1
    existing.save()
    summary.count(summary.updated, section)
    return existing


def bundle_apply(bundle: dict, *, overwrite: bool) -> ApplySummary:
    """Validate ``bundle`` whole, then apply it in one transaction.

    ``overwrite=False`` (the shipped-content loader) only creates items whose key or
    slug is new, so curators' edits survive a reload. ``overwrite=True`` (a curator's
    import) also updates existing items, replacing their mappings, actions and effects.
    Raises ``BundleRejected`` with every problem if anything is wrong.
    """
    problems = validate_bundle(bundle, known_codes())
    if problems:
        raise BundleRejected(problems)
    summary = ApplySummary()
    with transaction.atomic():
        for item in bundle.get("sources", []):
            existing = Source.objects.filter(key=item["key"]).first()
            _upsert(
                Source,
                {"key": item["key"]},
                {
                    "authors": item["authors"].strip(),
                    "title": item["title"].strip(),
                    "container": item.get("container") or "",
                    "year": int(item["year"]) if item.get("year") not in (None, "") else None,
                    "volume": item.get("volume") or "",
                    "issue": item.get("issue") or "",
                    "pages": item.get("pages") or "",
                    "doi": item.get("doi") or "",
                    "url": item.get("url") or "",
                    "kind": item["type"],
                    "grade": item["grade"],
                    "notes": item.get("notes") or "",
                    **_status_fields(item, existing),
                },
                overwrite=overwrite,
                summary=summary,
                section="sources",
            )
        factor_items = []
        for item in bundle.get("factors", []):
            existing = Factor.objects.filter(slug=item["slug"]).first()
            theme_name = item["theme"].strip()
            theme, _ = Theme.objects.get_or_create(
                name=theme_name, defaults={"slug": slugify(theme_name)[:100]}
            )
            factor = _upsert(
                Factor,
                {"slug": item["slug"]},
                {
                    "title": item["title"].strip(),
                    "kind": item["kind"],
                    "summary": item["summary"].strip(),
                    "body": item["body"],
                    "level": item["level"],
                    "theme": theme,
                    **_status_fields(item, existing),
                },
                overwrite=overwrite,
                summary=summary,
                section="factors",
            )
            if factor is not None:
                _factor_relations(factor, item)
                factor_items.append((factor, item))
        # Related factors may point forward in the file: link them once all exist.
        for factor, item in factor_items:
            factor.related.set(Factor.objects.filter(slug__in=item.get("related", []) or []))
        for item in bundle.get("programmes", []):
            existing = Programme.objects.filter(slug=item["slug"]).first()
            programme = _upsert(
                Programme,
                {"slug": item["slug"]},
                {
                    "name": item["name"].strip(),
                    "summary": item["summary"].strip(),
                    "description": item["description"],
                    "age_range": item.get("age_range") or "",
                    "delivery": item.get("delivery") or "",
                    "evidence_summary": item["evidence_summary"],
                    "rating": item.get("rating") or "",
                    "rating_scheme": item.get("rating_scheme") or "",
                    **_status_fields(item, existing),
                },
                overwrite=overwrite,
                summary=summary,
                section="programmes",
            )
            if programme is not None:
                programme.sources.set(Source.objects.filter(key__in=item["sources"]))
                programme.effects.all().delete()
                for effect in item.get("effect_sizes", []) or []:
                    ProgrammeEffect.objects.create(
                        programme=programme,
                        outcome=effect["outcome"],
                        measure=effect["measure"],
                        value=str(effect["value"]),
                        source=Source.objects.get(key=effect["source"]),
                    )
        for item in bundle.get("parameters", []):
            existing = Parameter.objects.filter(key=item["key"]).first()
            _upsert(
                Parameter,
                {"key": item["key"]},
                {
                    "name": item["name"].strip(),
                    "category": item["category"],
                    "value": Decimal(str(item["value"])),
                    "unit": item["unit"].strip(),
                    "price_year": item.get("price_year") or "",
                    "low": Decimal(str(item["low"])) if item.get("low") not in (None, "") else None,
                    "high": Decimal(str(item["high"]))
                    if item.get("high") not in (None, "")
                    else None,
                    "source": Source.objects.get(key=item["source"]),
                    "mark": item["mark"],
                    "notes": item.get("notes") or "",
                    **_status_fields(item, existing),
                },
                overwrite=overwrite,
                summary=summary,
                section="parameters",
            )
    return summary


def _factor_relations(factor: Factor, item: dict) -> None:
    factor.perspectives.set(Perspective.objects.filter(code__in=item["perspectives"]))
    factor.sources.set(Source.objects.filter(key__in=item["sources"]))
    for name, (link_model, target_model, code_field) in MAPPING_MODELS.items():
        link_model.objects.filter(factor=factor).delete()
        entries = item.get(name, []) or []
        targets = {
            getattr(t, code_field): t
            for t in target_model.objects.filter(
                **{f"{code_field}__in": [e["code"] for e in entries]}
            )
        }
        link_model.objects.bulk_create(
            link_model(factor=factor, target=targets[e["code"]], basis=e.get("basis", "editor"))
            for e in entries
        )
    factor.actions.all().delete()
    functions = {f.code: f for f in InterventionFunction.objects.all()}
    for order, entry in enumerate(item.get("actions", []) or []):
        action = Action.objects.create(
            factor=factor,
            title=entry["title"].strip(),
            description=entry["description"].strip(),
            function=functions[entry["function"]],
            order=order,
        )
        action.sources.set(Source.objects.filter(key__in=entry.get("sources", []) or []))
        for resource in entry.get("resources", []) or []:
            ActionResource.objects.create(
                action=action, label=resource["label"], url=resource["url"]
            )


def shipped_bundle() -> dict:
    """The content shipped in ``content/`` as one bundle."""
    return {
        name: json.loads((CONTENT_DIR / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("sources", "factors", "programmes", "parameters")
    }


def shipped_frameworks() -> dict:
    return json.loads((CONTENT_DIR / "frameworks.json").read_text(encoding="utf-8"))
