"""`python manage.py appraise CASE.json --docx OUT.docx`: the Word copy from the CLI,
written whole (through a temporary file) or not at all."""

import json

import docx

from tests.cases.support import EXAMPLES
from tests.cases.test_cli_documents import FAST, run


def test_it_writes_the_word_copy(tmp_path):
    out_file = tmp_path / "case.docx"
    status, out, err = run(
        str(EXAMPLES / "new-team.json"),
        "--docx",
        str(out_file),
        "--organisation",
        "South Shire Council",
        *FAST,
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [f"Wrote the business case (DOCX) to {out_file}"]
    assert [p.name for p in tmp_path.iterdir()] == ["case.docx"]  # no temporary left
    word = docx.Document(str(out_file))
    title = json.loads((EXAMPLES / "new-team.json").read_text())["name"]
    assert word.core_properties.title == f"Business case: {title}"
    assert word.core_properties.language == "en-GB"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert "2. Economic case" in headings and "Appendix C: References" in headings


def test_a_missing_folder_for_the_word_copy_exits_2(tmp_path):
    missing = tmp_path / "no-such-folder" / "out.docx"
    status, out, err = run(str(EXAMPLES / "new-team.json"), "--docx", str(missing), *FAST)
    assert status == 2 and out == ""
    assert "--docx: the folder" in err and "does not exist" in err


def test_an_invalid_case_writes_no_word_copy(tmp_path):
    case = tmp_path / "bad.json"
    case.write_text('{"name": ""}')
    out_file = tmp_path / "out.docx"
    status, out, err = run(str(case), "--docx", str(out_file), *FAST)
    assert status == 2 and out == "" and err
    assert not out_file.exists()
