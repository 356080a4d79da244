"""The results PDF and CSV carry the evidence: for each priority, every suggested
knowledge-base action (adopted or not) with its citations, and the works cited in
full; the plan's action text is not all bold. The PDF is read back for the PDF/UA
checks the business case also passes (tests/pdf_structure.py)."""

import pytest
from django.conf import settings

from commissioning.assessment import plan_services
from commissioning.assessment.results_document import csv_rows, render_results_pdf
from commissioning.knowledge.models import Action
from tests import pdf_structure as ua
from tests.assessment.test_exports import block
from tests.assessment.test_plan import assessment  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(assessment, alice):  # noqa: F811
    """ "Brief the board" adopted; "Map who commissions what" (the cited one) not; and
    enough of the organisation's own actions to push the plan across pages."""
    plan_services.plan_adopt(
        assessment=assessment, action=Action.objects.get(title="Brief the board"), user=alice
    )
    for n in range(18):
        plan_services.plan_item_add(
            assessment=assessment,
            title=f"Local action {n}",
            description="Agree the pathway with health visiting and perinatal mental health.",
            owner="Priya",
        )
    return assessment


def test_the_csv_lists_every_suggested_action_and_the_works_cited(planned):
    rows = [[str(cell) for cell in row] for row in csv_rows(planned)]
    suggested = block(rows, "Suggested actions")
    assert suggested[0] == [
        "Rank", "Factor", "Action", "Intervention function", "In the plan", "Sources"
    ]  # fmt: skip
    by_action = {row[2]: row for row in suggested[1:]}
    assert by_action["Map who commissions what"][4] == "No"
    assert by_action["Map who commissions what"][5] == "McSweeney et al. (2025)"
    assert by_action["Brief the board"][4] == "Yes"
    works = block(rows, "Works cited")
    assert works[0] == ["Citation", "Reference"]
    assert works[1][0] == "McSweeney et al. (2025)"
    assert "Commissioning PAIR services" in works[1][1]
    assert all("Draft" not in row[1] for row in works[1:])  # unpublished: never cited


def test_the_pdf_carries_the_evidence_and_passes_the_structure_checks(planned):
    """One render (a few seconds), read back for everything the PDF must show."""
    pdf = ua.TaggedPDF(render_results_pdf(planned))

    # Every suggested action, adopted or not, with its citation; the works cited in
    # full, each linked by its title to its page on the site; no draft source.
    text = " ".join(c.text for c in pdf.chunks)
    assert "Map who commissions what" in text and "Not in your plan." in text
    assert "McSweeney et al. (2025)" in text
    assert "Draft" not in text
    works = next(h for h in pdf.elements("/H2") if pdf.text_of(h) == "Works cited")
    links = [e for e in works.parent.walk() if e.kind == "/Link"]
    assert [pdf.text_of(link) for link in links] == ["Commissioning PAIR services"]
    uri = str(links[0].annotations[0]["/A"]["/URI"])
    assert uri.startswith(settings.SITE_URL) and uri.endswith("mcsweeney2025/")

    # The plan's action titles are bold, their descriptions are not.
    description = [c for c in pdf.chunks if c.text.startswith("Agree the pathway")]
    assert description and not [c for c in description if "Bold" in c.font]
    titles = [c for c in pdf.chunks if c.text.startswith("Local action")]
    assert titles and all("Bold" in c.font for c in titles)

    # The PDF/UA checks the business case passes too.
    pages = len(pdf.reader.pages)
    assert pages >= 2
    assert ua.untagged_or_orphan_content(pdf) == []
    as_content = ua.running_text_as_content(pdf, [f"of {pages}", "PAIR Commissioning Toolkit"])
    assert [c.text for c in as_content] == [
        c.text for c in pdf.chunks if not c.artifact and c.text.startswith("Produced by the PAIR")
    ]
    assert ua.nested_links(pdf) == []
    assert ua.header_cells_without_scope(pdf) == []
    assert ua.cells_naming_missing_headers(pdf) == []
    assert ua.tables_with_more_than_one_caption(pdf) == []
    assert ua.links_with_poor_text(pdf, settings.SITE_URL) == []
    assert ua.link_annotations_outside_the_tree(pdf) == []
    assert ua.headings_alone_at_the_foot(pdf) == []
