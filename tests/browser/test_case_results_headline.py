"""A commissioner opens a case's results: the headline shows the expected NPV and the
chance that the NPV is above zero beside the central estimate, rounded for a board,
says why the two differ and how to read the BCR. The page passes axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from commissioning.cases import selectors, services
from commissioning.cases.economics import board_money
from commissioning.cases.economics.expected import explain, share_text
from tests.browser.conftest import assert_accessible, sign_in

BOARD = re.compile(r"^-?£\d+(\.\d+)?(k|m|bn)?$")


@pytest.mark.django_db(transaction=True)
def test_the_results_headline_shows_the_expected_value(
    page: Page, live_server, alice, north, csp_violations
):
    case = services.case_create(
        organisation=north, user=alice, kind="new_team", title="Northborough team"
    )
    analysis = selectors.analysis_for(case.inputs)
    value = explain(analysis)
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/cases/{case.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")

    central = page.locator("#headline-npv dd")
    expected = page.locator("#headline-expected-npv dd")
    chance = page.locator("#headline-chance dd")
    expect(page.locator("#headline-npv dt")).to_have_text(
        "Net present value (NPV), central estimate"
    )
    expect(page.locator("#headline-expected-npv dt")).to_have_text(
        "Expected NPV (average of 5,000 simulations)"
    )
    expect(central).to_have_text(board_money(analysis.appraisal.npv))
    expect(expected).to_have_text(board_money(analysis.psa.npv_mean))
    expect(chance).to_have_text(share_text(analysis.psa.probability_npv_positive))
    assert BOARD.match(central.inner_text()) and BOARD.match(expected.inner_text())

    explanation = page.locator("#headline-expected-value")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text(value.summary)
    expect(explanation).to_contain_text("Why the two differ:")
    expect(explanation.locator("ul.case-expected-reasons > li")).to_have_count(len(value.reasons))
    expect(page.locator(".case-bcr-note").first).to_contain_text("not a pass or fail test")
    expect(page.get_by_text("so it does not apply here")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
