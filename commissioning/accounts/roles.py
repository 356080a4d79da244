"""The toolkit's staff roles, as Django groups with model permissions.

- Commissioners are ordinary users: what they may do comes from their memberships.
- Evidence curators edit knowledge-base drafts in the admin.
- Evidence publishers also publish, unpublish and revert.
- Superusers can do everything.

``roles_sync()`` makes the groups match this table; the content loader calls it, so
adding a permission here and running ``make run`` (or ``manage.py load_content``)
is all a deployment needs.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

CURATORS = "Evidence curators"
PUBLISHERS = "Evidence publishers"

# app_label -> model names whose add/change/view permissions curators get.
CURATED_MODELS: dict[str, tuple[str, ...]] = {
    "knowledge": (
        "factor",
        "factorcomb",
        "factortdf",
        "factorfunction",
        "factorpolicy",
        "factorbct",
        "action",
        "actionresource",
        "source",
        "programme",
        "programmeeffect",
        "parameter",
        "theme",
    ),
    # Questionnaire versions: curators edit drafts, publishers publish.
    "assessment": ("instrument", "section", "question"),
    # Area datasets: curators upload new versions (validated whole; old ones kept).
    "areas": ("dataset", "area"),
    # The GDP deflator series: curators upload new versions (validated whole).
    "prices": ("deflatorseries",),
}

# app_label -> reference models curators and publishers may only view.
VIEW_ONLY_MODELS: dict[str, tuple[str, ...]] = {
    "knowledge": (
        "combcomponent",
        "combsubcomponent",
        "tdfdomain",
        "interventionfunction",
        "policycategory",
        "combfunctionlink",
        "functionpolicylink",
        "bctgroup",
        "bcttechnique",
        "perspective",
    ),
    "areas": ("areafigure", "lookuprow"),
    "prices": ("deflatoryear",),
}

# Extra permissions ("app_label.codename") only publishers hold.
PUBLISHER_EXTRA: tuple[str, ...] = (
    "knowledge.publish_factor",
    "knowledge.publish_source",
    "knowledge.publish_programme",
    "knowledge.publish_parameter",
    "assessment.publish_instrument",
)


def _model_permissions(
    actions: tuple[str, ...], table: dict[str, tuple[str, ...]] | None = None
) -> list[Permission]:
    permissions = []
    for app_label, models in (CURATED_MODELS if table is None else table).items():
        for model in models:
            for action in actions:
                permissions.append(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )
    return permissions


def _named(codes: tuple[str, ...]) -> list[Permission]:
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the groups and set exactly the permissions listed above. Returns the
    number of permissions each group holds."""
    curator_perms = _model_permissions(("add", "change", "view")) + _model_permissions(
        ("view",), VIEW_ONLY_MODELS
    )
    publisher_perms = curator_perms + _model_permissions(("delete",)) + _named(PUBLISHER_EXTRA)
    counts = {}
    for name, permissions in ((CURATORS, curator_perms), (PUBLISHERS, publisher_perms)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
