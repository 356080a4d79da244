"""`python manage.py appraise CASE.json --pdf OUT.pdf --html OUT.html --csv OUT.csv`:
the business case written for each example, and nothing written for an invalid case
(exit status 2)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.cases.support import EXAMPLES

FAST = ("--draws", "200")


def run(*args):
    """(exit status, stdout, stderr) of the command run in this process."""
    out, err = StringIO(), StringIO()
    try:
        call_command("appraise", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["new-team", "system-champions"])
def test_it_writes_the_business_case_for_each_example(name, tmp_path):
    pdf, html, csv = tmp_path / "case.pdf", tmp_path / "case.html", tmp_path / "case.csv"
    status, out, err = run(
        str(EXAMPLES / f"{name}.json"),
        "--pdf",
        str(pdf),
        "--html",
        str(html),
        "--csv",
        str(csv),
        "--organisation",
        "South Shire Council",
        "--author",
        "Bob South",
        *FAST,
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"Wrote the business case (PDF) to {pdf}",
        f"Wrote the business case (HTML) to {html}",
        f"Wrote the business case (CSV) to {csv}",
    ]
    title = json.loads((EXAMPLES / f"{name}.json").read_text())["name"]
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF")
    reader = PdfReader(pdf)
    assert reader.metadata["/Title"] == f"Business case: {title}"
    assert reader.metadata["/Author"] == "Bob South, South Shire Council"
    assert len(reader.pages) >= 10
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and title in page and "<style>" in page
    assert "2. Economic case" in page and "Option 0: do nothing" in page
    assert csv.read_text(encoding="utf-8").startswith(f"Business case,{title}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.csv", "case.html", "case.pdf"]


def test_the_narrative_and_options_come_from_the_files(tmp_path):
    data = json.loads((EXAMPLES / "new-team.json").read_text())
    data["narrative"] = {
        "strategic_need": "Seven hundred and fifty families a year <need> help.",
        "management_risks": "Recruitment.\n\nFunding.",
    }
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    html = tmp_path / "case.html"
    status, out, err = run(
        str(case),
        "--html",
        str(html),
        "--compare",
        str(EXAMPLES / "system-champions.json"),
        "--version-label",
        "Version 2",
        *FAST,
    )
    assert (status, err) == (0, ""), err
    page = html.read_text(encoding="utf-8")
    assert "<p>Seven hundred and fifty families a year &lt;need&gt; help.</p>" in page
    assert "<p>Recruitment.</p>" in page and "<p>Funding.</p>" in page
    assert "Option 2: Parent-infant relationship system champions (example)" in page
    assert "Version 2" in page
    assert "Organisation</th><td>Not stated" in page


def test_without_document_options_it_still_prints_json(tmp_path):
    data = json.loads((EXAMPLES / "new-team.json").read_text())
    data["narrative"] = {"strategic_need": "Accepted, and not part of the analysis."}
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    status, out, err = run(str(case), *FAST)
    assert (status, err) == (0, "")
    assert json.loads(out)["psa"]["draws"] == 200


def test_an_invalid_case_writes_nothing_and_exits_2(tmp_path):
    data = json.loads((EXAMPLES / "new-team.json").read_text())
    data["births_per_year"] = -5
    data["narrative"] = {"strategic_need": "Fine", "bogus": "x", "financial_funding": 3}
    case = tmp_path / "bad.json"
    case.write_text(json.dumps(data))
    pdf, html = tmp_path / "out.pdf", tmp_path / "out.html"
    status, out, err = run(str(case), "--pdf", str(pdf), "--html", str(html), *FAST)
    assert (status, out) == (2, "")
    assert sorted(err.strip().splitlines()) == [
        "births_per_year: Enter a number between 0 and 1,000,000",
        "narrative.bogus: Remove this field: it is not a section",
        "narrative.financial_funding: Enter the text of the section",
    ]
    assert not pdf.exists() and not html.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_an_invalid_comparison_or_output_folder_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "x", "horizon_years": 0}))
    pdf = tmp_path / "out.pdf"
    status, out, err = run(
        str(EXAMPLES / "new-team.json"), "--pdf", str(pdf), "--compare", str(bad), *FAST
    )
    assert (status, out) == (2, "")
    assert f"{bad}: horizon_years: Enter a whole number between 1 and 60" in err
    assert not pdf.exists()
    missing = tmp_path / "no-such-folder" / "out.pdf"
    status, out, err = run(str(EXAMPLES / "new-team.json"), "--pdf", str(missing), *FAST)
    assert (status, out) == (2, "")
    assert "--pdf: the folder" in err and "does not exist" in err
    status, out, err = run(str(EXAMPLES / "new-team.json"), "--html", str(tmp_path), *FAST)
    assert (status, out) == (2, "")
    assert "is a folder, not a file" in err
