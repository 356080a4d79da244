"""The benchmarks pages: opting in and out, only sharing organisations see figures,
small groups and differencing are suppressed, and the viewer sees where they sit."""

import pytest

from commissioning.areas.models import Area
from commissioning.assessment.services import assessment_submit
from commissioning.benchmarks import benchmarking
from commissioning.benchmarks.models import BenchmarkSharing
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def instrument(db):
    return make_small_instrument()


def make_sharer(
    *, rating: int = 2, kind: str = "icb", area_name: str = "Somewhere", share: bool = True
):
    """An organisation with one submitted assessment rated ``rating`` throughout
    (section scores rating × 25), sharing its scores unless ``share`` is False."""
    org = make_organisation(kind=kind, area_name=area_name, name=f"Secret org {make_user().pk}")
    admin = make_user()
    make_membership(user=admin, organisation=org, role="admin")
    assessment = make_assessment(organisation=org, user=admin)
    answer_all(assessment, admin, rating)
    assessment_submit(assessment=assessment, user=admin)
    if share:
        BenchmarkSharing.objects.create(organisation=org, opted_in_by=admin)
    return org


def page(client, org, **params):
    return client.get(f"/benchmarks/{org.pk}/", params)


def section_row(response, code: str = "s1") -> dict:
    part = next(p for p in response.context["parts"] if p["key"] == "section")
    return next(r for r in part["rows"] if r["metric"].key == f"section:{code}")


def test_an_organisation_that_does_not_share_sees_an_explanation_and_no_figures(
    client, alice, north
):
    for rating in (0, 1, 2, 3, 4):
        make_sharer(rating=rating)
    client.force_login(alice)
    response = page(client, north)
    assert response.status_code == 200
    assert "does not share its scores, so it cannot see the benchmarks" in response.text
    assert "Start sharing" in response.text  # alice is an admin
    assert "parts" not in response.context and "Lower quartile" not in response.text
    member = make_user()
    make_membership(user=member, organisation=north)
    client.force_login(member)
    response = page(client, north)
    assert "Start sharing" not in response.text
    assert "An admin of North Borough ICB can choose to share" in response.text


def test_opting_in_needs_agreement_then_shows_the_benchmarks(client, alice, north):
    client.force_login(alice)
    refused = client.post(f"/benchmarks/{north.pk}/sharing/", {"action": "opt_in"})
    assert refused.status_code == 200
    assert "Select the box to agree to share your scores" in refused.text
    assert not BenchmarkSharing.objects.exists()
    response = client.post(f"/benchmarks/{north.pk}/sharing/", {"action": "opt_in", "agree": "on"})
    assert response.status_code == 302 and response.url == f"/benchmarks/{north.pk}/"
    sharing = BenchmarkSharing.objects.get()
    assert (sharing.organisation, sharing.opted_in_by) == (north, alice)
    shown = client.get(response.url)
    assert "Compared with all sharing organisations" in shown.text
    assert "Stop sharing our scores" in shown.text


def test_opting_out_stops_counting_and_showing(client, alice, north):
    others = [make_sharer(rating=r) for r in (1, 2, 3, 4)]
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, 2)
    assessment_submit(assessment=assessment, user=alice)
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    viewer = make_user()
    make_membership(user=viewer, organisation=others[0])
    client.force_login(viewer)
    assert section_row(page(client, others[0]))["cell"].summary.n == 5
    client.force_login(alice)
    response = client.post(f"/benchmarks/{north.pk}/sharing/", {"action": "opt_out"})
    assert response.status_code == 302 and not BenchmarkSharing.objects.filter(organisation=north)
    assert "does not share its scores" in client.get(response.url).text
    client.force_login(viewer)
    assert section_row(page(client, others[0]))["cell"].reason == benchmarking.TOO_FEW


@pytest.mark.parametrize(("sharers", "shown"), [(2, False), (4, False), (5, True)])
def test_small_groups_show_no_figures(client, sharers, shown):
    orgs = [make_sharer(rating=r % 5) for r in range(sharers)]
    viewer = make_user()
    make_membership(user=viewer, organisation=orgs[0])
    client.force_login(viewer)
    response = page(client, orgs[0])
    row = section_row(response)
    assert (row["cell"].summary is not None) is shown
    if not shown:
        assert "Not shown: fewer than 5 organisations in this group have a score" in response.text
        assert row["cell"].reason == benchmarking.TOO_FEW


def test_the_page_names_no_other_organisation(client, alice, north):
    others = [make_sharer(rating=r) for r in (0, 1, 3, 4)]
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, 2)
    assessment_submit(assessment=assessment, user=alice)
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    client.force_login(alice)
    response = page(client, north)
    summary = section_row(response)["cell"].summary
    assert (summary.n, summary.minimum, summary.median, summary.maximum) == (5, 0, 50, 100)
    for org in others:
        assert org.name not in response.text
        assert f"/benchmarks/{org.pk}/" not in response.text


def test_where_the_viewer_sits(client, alice, north):
    for rating in (0, 1, 1, 2):
        make_sharer(rating=rating)
    assessment = make_assessment(organisation=north, user=alice, title="North spring")
    answer_all(assessment, alice, 4)
    assessment_submit(assessment=assessment, user=alice)
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    client.force_login(alice)
    response = page(client, north)
    row = section_row(response)
    assert row["own"] == 100
    assert row["position"] == benchmarking.ABOVE_UPPER
    assert benchmarking.ABOVE_UPPER in response.text
    assert "North spring" in response.text
    assert "<svg" in response.text and 'role="img"' in response.text


def test_differencing_two_filters_cannot_reveal_a_small_group(client, alice, north):
    """5 ICBs in the North, 2 whose region is not known: "all ICBs" is shown, so
    "ICBs in the North" is hidden (their difference would be the 2)."""
    Area.objects.create(code="E08000037", name="Gateshead", level="lad", region="North")
    for rating in (0, 1, 2, 3, 4):
        make_sharer(rating=rating, area_name="Gateshead")
    make_sharer(rating=4)
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    make_assessment(organisation=north, user=alice)  # in progress: not counted
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, 0)
    assessment_submit(assessment=assessment, user=alice)
    client.force_login(alice)
    all_icbs = section_row(page(client, north, kind="icb"))
    assert all_icbs["cell"].summary.n == 7
    region = page(client, north, kind="icb", region="North")
    assert region.context["group_label"] == "Integrated Care Boards in North"
    row = section_row(region)
    assert row["cell"].summary is None and row["cell"].reason == benchmarking.PROTECTS_ANOTHER
    assert "cannot be compared with another group" in region.text
    assert section_row(page(client, north, kind="icb", region="unknown"))["cell"].summary is None


def test_a_region_needs_an_organisation_type(client, alice, north):
    Area.objects.create(code="E08000037", name="Gateshead", level="lad", region="North")
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    client.force_login(alice)
    response = page(client, north, region="North")
    assert "Select an organisation type to compare organisations by region" in response.text
    assert response.context["group_label"] == "all sharing organisations"
    assert "<title>Error: " in response.text


def test_a_sharer_without_a_submitted_assessment_is_told_so(client, alice, north):
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    client.force_login(alice)
    response = page(client, north)
    assert "has not submitted a self-assessment yet" in response.text


def test_the_minimum_comes_from_settings(client, settings):
    settings.BENCHMARK_MIN_GROUP = 3
    orgs = [make_sharer(rating=r) for r in (1, 2, 3)]
    viewer = make_user()
    make_membership(user=viewer, organisation=orgs[0])
    client.force_login(viewer)
    assert section_row(page(client, orgs[0]))["cell"].summary.n == 3


def test_the_index_lists_or_redirects(client, alice, north):
    client.force_login(alice)
    assert client.get("/benchmarks/").url == f"/benchmarks/{north.pk}/"
    second = make_organisation(name="Second Org")
    make_membership(user=alice, organisation=second)
    response = client.get("/benchmarks/")
    assert "North Borough ICB" in response.text and "Second Org" in response.text
    loner = make_user()
    client.force_login(loner)
    assert "Set up your organisation" in client.get("/benchmarks/").text


def test_outsiders_get_404_and_members_403_for_sharing(client, alice, bob, north):
    client.force_login(bob)
    assert page(client, north).status_code == 404
    assert client.post(f"/benchmarks/{north.pk}/sharing/", {"action": "opt_out"}).status_code == 404
    member = make_user()
    make_membership(user=member, organisation=north)
    client.force_login(member)
    response = client.post(f"/benchmarks/{north.pk}/sharing/", {"action": "opt_in", "agree": "on"})
    assert response.status_code == 403
    assert not BenchmarkSharing.objects.exists()
    client.logout()
    assert page(client, north).url.startswith("/accounts/login/")
