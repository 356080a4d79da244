"""Reflow (WCAG 2.2 1.4.10): at 320 CSS px wide no page of the site scrolls sideways as a
whole. Data tables may scroll inside their own labelled, keyboard-focusable box.

The walk visits every page in tests/browser/site_pages.py (public and signed in, as the
organisation's admin and as the partners who review, approve and contribute; normal and
error states) in the world of site_world.py, and runs axe-core on each page at that width too; a
URL pattern with no page there and no reason to be exempt fails
test_every_route_is_walked."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from commissioning.cases import services as case_services
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.site_pages import EXEMPT, PAGES, Visit, unwalked, url_names
from tests.browser.site_world import build_world

WIDTH = 320

# Why the page scrolls sideways: the elements that reach past the viewport's right edge
# and are not inside a box that scrolls on its own.
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return [];
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0 && !inScroller(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      culprits.push(name + ' right=' + Math.round(box.right));
    }
  }
  return [root.scrollWidth + ' > ' + width].concat(culprits.slice(0, 8));
}"""

# States that no route's own visits reach.
EXTRA: list[Visit] = [Visit("/no-such-page/", "anonymous"), Visit("/no-such-page/")]


def test_every_route_is_walked():
    """A new URL pattern needs a visit in site_pages.PAGES or a reason in EXEMPT."""
    assert unwalked() == [], (
        "These URL names have no page in tests/browser/site_pages.py PAGES and no reason "
        f"in EXEMPT: {unwalked()}"
    )
    stale = sorted((set(PAGES) | set(EXEMPT)) - set(url_names()))
    assert stale == [], f"These names in site_pages.py are no longer URL names: {stale}"


def overflow(page: Page) -> list[str]:
    return page.evaluate(OVERFLOW)


@pytest.mark.walk
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_at_320_px(page: Page, live_server, alice, north):
    world = build_world(alice=alice, north=north)
    visits = [visit for pages in PAGES.values() for visit in pages(world)] + EXTRA
    page.set_viewport_size({"width": WIDTH, "height": 720})
    problems: list[str] = []
    walked = 0
    people = {"alice": alice, **world.people}
    for who in ("anonymous", *people):
        page.context.clear_cookies()
        if who != "anonymous":
            sign_in(page, live_server, people[who])
        for visit in (v for v in visits if v.user == who):
            try:
                response = page.goto(live_server.url + visit.path)
            except PlaywrightError as error:  # an empty error response: no page to show
                problems.append(f"{visit.path} as {who}: no page ({error.message.splitlines()[0]})")
                continue
            if response is None or response.status >= 500:
                problems.append(f"{visit.path} as {who}: status {response and response.status}")
                continue
            if visit.press:
                page.get_by_role("button", name=visit.press, exact=True).first.click()
                page.wait_for_load_state()
            walked += 1
            state = f" after pressing {visit.press!r}" if visit.press else ""
            found = overflow(page)
            if found:
                problems.append(f"{visit.path}{state} as {who}: " + "; ".join(found))
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue  # JSON and other machine-readable answers have no page to check
            try:
                assert_accessible(page)
            except AssertionError as failure:
                problems.append(f"{visit.path}{state} as {who}: {failure}")
    assert walked > 100
    assert not problems, f"{len(problems)} pages scroll sideways or fail axe at {WIDTH} px:\n" + (
        "\n".join(problems)
    )


@pytest.mark.django_db(transaction=True)
def test_printing_the_case_results_shows_only_the_content_with_whole_tables(
    page: Page, live_server, alice, north
):
    case = case_services.case_create(
        organisation=north, user=alice, kind="new_team", title="Northborough team"
    )
    sign_in(page, live_server, alice)
    page.set_viewport_size({"width": WIDTH, "height": 720})
    page.goto(f"{live_server.url}/cases/{case.pk}/results/")
    boxes = page.locator(".table-scroll")
    assert boxes.count() > 3
    assert page.locator(".table-scroll[tabindex='0'][role='region'][aria-label]").count() > 0
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    overflow = boxes.evaluate_all("els => els.map(el => getComputedStyle(el).overflowX)")
    assert set(overflow) == {"visible"}
