"""Revision history for curated items (django-reversion).

A factor is versioned together with its mappings and actions, and a programme with
its effect sizes, so a revert restores the whole item. The optimistic-concurrency
``version`` counter is excluded: reverting must not rewind it, or a stale editor's
form could match again.
"""

import reversion

from commissioning.knowledge import models as m


def register_models() -> None:
    follow_models = (
        m.FactorComb,
        m.FactorTdf,
        m.FactorFunction,
        m.FactorPolicy,
        m.FactorBct,
        m.ActionResource,
        m.ProgrammeEffect,
    )
    for model in follow_models:
        if not reversion.is_registered(model):
            reversion.register(model)
    registrations = (
        (m.Action, {"follow": ("resources",)}),
        (
            m.Factor,
            {
                "exclude": ("version",),
                "follow": (
                    "comb_links",
                    "tdf_links",
                    "function_links",
                    "policy_links",
                    "bct_links",
                    "actions",
                ),
            },
        ),
        (m.Programme, {"exclude": ("version",), "follow": ("effects",)}),
        (m.Source, {"exclude": ("version",)}),
        (m.Parameter, {"exclude": ("version",)}),
    )
    for model, options in registrations:
        if not reversion.is_registered(model):
            reversion.register(model, **options)
