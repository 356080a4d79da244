"""The benchmarks: how an organisation's self-assessment scores compare with other
organisations', anonymously, for organisations that share their own.

Access: members of the organisation only (404 for everyone else); opting in or out
needs an organisation admin (403 for other members). See ``benchmarking`` for the
anonymity rule.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from commissioning.accounts.access import admin_membership_for, member_organisations, membership_for
from commissioning.accounts.models import Membership, Organisation
from commissioning.benchmarks import benchmarking, charts, selectors, services
from commissioning.benchmarks.forms import OPT_IN, GroupForm, SharingForm
from commissioning.benchmarks.models import BenchmarkSharing
from commissioning.lib.http import refuse_method

PARTS = (
    ("section", "Sections", "Score for each section, out of 100"),
    ("comb", "COM-B sub-components", "Score for each COM-B sub-component, out of 100"),
)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisations = list(member_organisations(request.user).order_by("name"))
    if len(organisations) == 1:
        return redirect("benchmarks:organisation", organisations[0].pk)
    sharing = set(
        BenchmarkSharing.objects.filter(organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    return render(
        request,
        "benchmarks/index.html",
        {"organisations": [(o, o.pk in sharing) for o in organisations]},
    )


def _not_sharing(
    request: HttpRequest, membership: Membership, form: SharingForm | None = None
) -> HttpResponse:
    return render(
        request,
        "benchmarks/not_sharing.html",
        {
            "organisation": membership.organisation,
            "is_admin": membership.is_admin,
            "sharing_form": form or SharingForm(initial={"action": OPT_IN}),
            "minimum": settings.BENCHMARK_MIN_GROUP,
        },
    )


def _group_label(key: benchmarking.GroupKey) -> str:
    if key.kind == benchmarking.ANY:
        return "all sharing organisations"
    label = Organisation.Kind(key.kind).label
    plural = label + ("s" if not label.endswith("s") else "")
    if key.region == benchmarking.ANY:
        return f"{plural} (all regions)"
    if key.region == benchmarking.UNKNOWN_REGION:
        return f"{plural} whose region is not known"
    return f"{plural} in {key.region}"


@login_required
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    org = membership.organisation
    if not selectors.is_sharing(org):
        return _not_sharing(request, membership)
    minimum = settings.BENCHMARK_MIN_GROUP
    inputs = selectors.benchmark_inputs(org)
    form = GroupForm(request.GET or None, regions=inputs.regions)
    key = benchmarking.GroupKey()
    if form.is_valid():
        key = benchmarking.GroupKey(form.cleaned_data["kind"], form.cleaned_data["region"])
    kinds = [value for value, _ in Organisation.Kind.choices]
    regions = [*inputs.regions, benchmarking.UNKNOWN_REGION]
    parts = []
    for part, heading, chart_title in PARTS:
        rows = []
        for metric in (m for m in inputs.metrics if m.part == part):
            cell = benchmarking.cell(
                inputs.entries, metric.key, key, kinds=kinds, regions=regions, minimum=minimum
            )
            own = inputs.own_scores.get(metric.key)
            own_whole = None if own is None else benchmarking.whole(Decimal(own))
            rows.append(
                {
                    "metric": metric,
                    "cell": cell,
                    "reason": benchmarking.reason_text(cell.reason, minimum),
                    "own": own_whole,
                    "position": benchmarking.position(own, cell.summary),
                }
            )
        if not rows:
            continue
        chart = charts.boxplot_svg(
            [
                charts.BoxRow(
                    r["metric"].title,
                    r["cell"].summary,
                    r["own"],
                    "Not shown (too few organisations)",
                )
                for r in rows
            ],
            chart_id=f"bench-{part}",
            title=f"{chart_title}: {_group_label(key)}",
        )
        # Safe: charts.py escapes every piece of text it writes into the markup.
        parts.append({"key": part, "heading": heading, "rows": rows, "chart": mark_safe(chart)})
    return render(
        request,
        "benchmarks/organisation.html",
        {
            "organisation": org,
            "is_admin": membership.is_admin,
            "form": form,
            "group_label": _group_label(key),
            "parts": parts,
            "minimum": minimum,
            "own_assessment": inputs.own_assessment,
            "own_kind": Organisation.Kind(inputs.own_kind).label,
            "own_region": inputs.own_region,
            "unknown_region": benchmarking.UNKNOWN_REGION,
        },
    )


@login_required
def sharing(request: HttpRequest, pk: int) -> HttpResponse:
    membership = admin_membership_for(request.user, pk)
    if refused := refuse_method(request, ("POST",)):
        return refused
    org = membership.organisation
    form = SharingForm(request.POST)
    if not form.is_valid():
        return _not_sharing(request, membership, form)
    if form.cleaned_data["action"] == OPT_IN:
        services.sharing_opt_in(organisation=org, user=request.user)
        messages.success(
            request, f"{org.name} now shares its submitted self-assessment scores anonymously."
        )
    else:
        services.sharing_opt_out(organisation=org)
        messages.success(
            request,
            f"{org.name} no longer shares its scores. They no longer count in the benchmarks.",
        )
    return redirect("benchmarks:organisation", org.pk)
