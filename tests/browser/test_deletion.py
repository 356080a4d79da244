"""Deleting a case and an assessment in the browser: the link on the task list, the
confirmation page (axe-checked), "No, keep it", then the deletion and its message on
the list page (axe-checked); no CSP violations."""

import re

import pytest
from playwright.sync_api import Page, expect

from commissioning.assessment.models import Assessment
from commissioning.cases import services as case_services
from commissioning.cases.models import Case
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.django_db(transaction=True)
def test_delete_a_case_and_an_assessment(page: Page, live_server, alice, north, csp_violations):
    case = case_services.case_create(
        organisation=north, user=alice, kind="new_team", title="Old team case"
    )
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice, title="Old review")
    answer_all(assessment, alice, 2)
    base = live_server.url
    sign_in(page, live_server, alice)

    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name="Delete this case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to delete ‘Old team case’?"
    )
    assert_accessible(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Old team case")
    page.get_by_role("link", name="Delete this case").click()
    page.get_by_role("button", name="Yes, delete this case").click()
    expect(page.get_by_text("The case 'Old team case' has been deleted.")).to_be_visible()
    assert_accessible(page)
    assert not Case.objects.filter(pk=case.pk).exists()

    page.goto(f"{base}/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Delete this assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("delete ‘Old review’"))
    assert_accessible(page)
    page.get_by_role("button", name="Yes, delete this assessment").click()
    expect(page.get_by_text("The assessment 'Old review' has been deleted.")).to_be_visible()
    assert_accessible(page)
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert csp_violations == []
