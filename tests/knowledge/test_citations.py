"""RIS and BibTeX formatting of sources: worked examples with the exact expected text,
plus the name, type and page rules (pure: no database)."""

import pytest

from commissioning.knowledge.citations import (
    Citation,
    Name,
    author_names,
    bibtex_document,
    bibtex_entry,
    bibtex_escape,
    bibtex_type,
    citation_from_item,
    page_range,
    parse_name,
    ris_document,
    ris_record,
    ris_type,
)

ARTICLE = Citation(
    key="moran2022",
    kind="qualitative",
    title="Exploring interprofessional collaboration: a qualitative study",
    authors="Moran PM, Coates R, Olander EK",
    container="Journal of Interprofessional Care",
    year=2022,
    volume="37",
    issue="6",
    pages="877-885",
    doi="10.1080/13561820.2022.2145274",
    url="https://openaccess.city.ac.uk/id/eprint/29369/",
)
REPORT = Citation(
    key="pif2019",
    kind="report",
    title="Rare Jewels",
    container="Parent-Infant Foundation",
    year=2019,
    url="https://parentinfantfoundation.org.uk/rare-jewels/",
)
SPECIAL = Citation(
    key="oneill2021",
    kind="guidance",
    title="Costs & benefits: 50% of {infant} services_cost ~ $1 #2 ^ \\ end",
    authors="Ó Néill S, Müller-Lüdenscheidt J-R, Smith & Sons Ltd, et al.",
    container="Department of Health & Social Care",
    year=2021,
    doi="10.1000/a_b{c}",
    url="https://example.org/a_b?x=1&y=%20",
)


def ris_lines(*lines: str) -> str:
    return "".join(f"{line}\r\n" for line in lines)


def test_it_writes_a_journal_article_as_ris():
    assert ris_record(ARTICLE) == ris_lines(
        "TY  - JOUR",
        "AU  - Moran, P. M.",
        "AU  - Coates, R.",
        "AU  - Olander, E. K.",
        "PY  - 2022",
        "TI  - Exploring interprofessional collaboration: a qualitative study",
        "T2  - Journal of Interprofessional Care",
        "JO  - Journal of Interprofessional Care",
        "VL  - 37",
        "IS  - 6",
        "SP  - 877",
        "EP  - 885",
        "DO  - 10.1080/13561820.2022.2145274",
        "UR  - https://openaccess.city.ac.uk/id/eprint/29369/",
        "ER  - ",
    )


def test_it_writes_a_journal_article_as_bibtex():
    assert bibtex_entry(ARTICLE) == (
        "@article{moran2022,\n"
        "  author = {Moran, P. M. and Coates, R. and Olander, E. K.},\n"
        "  title = {Exploring interprofessional collaboration: a qualitative study},\n"
        "  journal = {Journal of Interprofessional Care},\n"
        "  year = {2022},\n"
        "  volume = {37},\n"
        "  number = {6},\n"
        "  pages = {877--885},\n"
        "  doi = {10.1080/13561820.2022.2145274},\n"
        "  url = {https://openaccess.city.ac.uk/id/eprint/29369/}\n"
        "}\n"
    )


def test_it_writes_a_report_without_authors():
    assert ris_record(REPORT) == ris_lines(
        "TY  - RPRT",
        "PY  - 2019",
        "TI  - Rare Jewels",
        "PB  - Parent-Infant Foundation",
        "UR  - https://parentinfantfoundation.org.uk/rare-jewels/",
        "ER  - ",
    )
    assert bibtex_entry(REPORT) == (
        "@techreport{pif2019,\n"
        "  title = {Rare Jewels},\n"
        "  institution = {Parent-Infant Foundation},\n"
        "  year = {2019},\n"
        "  url = {https://parentinfantfoundation.org.uk/rare-jewels/}\n"
        "}\n"
    )


def test_it_escapes_special_characters_and_keeps_non_ascii_names_in_bibtex():
    assert bibtex_entry(SPECIAL) == (
        "@misc{oneill2021,\n"
        "  author = {Ó Néill, S. and Müller-Lüdenscheidt, J.-R. and {Smith \\& Sons Ltd}"
        " and others},\n"
        "  title = {Costs \\& benefits: 50\\% of \\textbraceleft{}infant\\textbraceright{}"
        " services\\_cost \\textasciitilde{} \\$1 \\#2 \\textasciicircum{} \\textbackslash{}"
        " end},\n"
        "  howpublished = {Department of Health \\& Social Care},\n"
        "  year = {2021},\n"
        "  doi = {10.1000/a_b%7Bc%7D},\n"
        "  url = {https://example.org/a_b?x=1&y=%20}\n"
        "}\n"
    )


def test_it_keeps_special_characters_as_they_are_in_ris():
    assert ris_record(SPECIAL) == ris_lines(
        "TY  - GOVDOC",
        "AU  - Ó Néill, S.",
        "AU  - Müller-Lüdenscheidt, J.-R.",
        "AU  - Smith & Sons Ltd",
        "PY  - 2021",
        "TI  - Costs & benefits: 50% of {infant} services_cost ~ $1 #2 ^ \\ end",
        "PB  - Department of Health & Social Care",
        "DO  - 10.1000/a_b{c}",
        "UR  - https://example.org/a_b?x=1&y=%20",
        "ER  - ",
    )


@pytest.mark.parametrize(
    "citation",
    [
        ARTICLE,
        REPORT,
        SPECIAL,
        Citation(key="x", kind="other", title="}}} {{ \\{ \\} {", authors="{Evil}, Name }"),
    ],
)
def test_bibtex_braces_always_balance(citation):
    entry = bibtex_entry(citation)
    depth = 0
    for char in entry:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


@pytest.mark.parametrize(
    ("kind", "container", "ris", "bibtex"),
    [
        ("qualitative", "BMC Health Services Research", "JOUR", "article"),
        ("systematic_review", "Cochrane Database", "JOUR", "article"),
        ("trial", "The Lancet", "JOUR", "article"),
        ("economic", "Health Economics", "JOUR", "article"),
        ("trial", "", "GEN", "misc"),
        ("report", "NAO", "RPRT", "techreport"),
        ("report", "", "RPRT", "techreport"),
        ("policy", "DHSC", "GOVDOC", "misc"),
        ("guidance", "NICE", "GOVDOC", "misc"),
        ("other", "Implementation Science", "GEN", "misc"),
    ],
)
def test_it_maps_source_types(kind, container, ris, bibtex):
    citation = Citation(key="k", kind=kind, title="T", container=container)
    assert ris_type(citation) == ris
    assert bibtex_type(citation) == bibtex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("McSweeney L", Name("McSweeney", ("L.",))),
        ("Moran PM", Name("Moran", ("P.", "M."))),
        ("van IJzendoorn MH", Name("van IJzendoorn", ("M.", "H."))),
        ("Tanner J-R", Name("Tanner", ("J.-R.",))),
        ("O'Hara L", Name("O'Hara", ("L.",))),
        ("Parent-Infant Foundation", Name("Parent-Infant Foundation")),
        ("NIHR ARC North East and North Cumbria", Name("NIHR ARC North East and North Cumbria")),
        ("Parent Infant Partnership UK", Name("Parent Infant Partnership UK")),
        ("UNICEF UK", Name("UNICEF UK")),
        ("Homonchuk", Name("Homonchuk")),
        ("  Smith\n  AB ", Name("Smith", ("A.", "B."))),
    ],
)
def test_it_tells_people_from_organisations(text, expected):
    assert parse_name(text) == expected


def test_it_notes_et_al():
    names, et_al = author_names("Barlow J, et al.")
    assert [name.inverted() for name in names] == ["Barlow, J."]
    assert et_al is True
    assert author_names("") == ([], False)
    assert author_names("Jones K, Weatherly H")[1] is False


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("877-885", ("877", "885")),
        ("3087–3105", ("3087", "3105")),
        ("e12 - e19", ("e12", "e19")),
        ("1020", ("1020", "")),
        ("CD012348", ("CD012348", "")),
        ("", ("", "")),
    ],
)
def test_it_splits_page_ranges(pages, expected):
    assert page_range(pages) == expected


def test_it_puts_every_field_on_one_line():
    citation = Citation(key="k", kind="other", title="A title\nover\r\ntwo lines")
    assert "TI  - A title over two lines\r\n" in ris_record(citation)
    assert "title = {A title over two lines}" in bibtex_entry(citation)
    assert bibtex_escape("a\tb  c") == "a b c"


def test_documents_separate_records_with_a_blank_line():
    assert ris_document([REPORT, REPORT]) == ris_record(REPORT) + "\r\n" + ris_record(REPORT)
    assert bibtex_document([REPORT, ARTICLE]) == bibtex_entry(REPORT) + "\n" + bibtex_entry(ARTICLE)
    assert ris_document([]) == bibtex_document([]) == ""


def test_it_reads_a_source_in_the_exchange_format():
    item = {
        "key": "bauer2014",
        "authors": "Bauer A, Knapp M",
        "title": "Costs of perinatal mental health problems",
        "container": None,
        "year": "2014",
        "type": "economic",
        "grade": "B",
        "doi": "",
    }
    citation = citation_from_item(item)
    assert citation == Citation(
        key="bauer2014",
        kind="economic",
        title="Costs of perinatal mental health problems",
        authors="Bauer A, Knapp M",
        year=2014,
    )
    assert citation_from_item({"key": "x", "title": "T", "year": None}).year is None
