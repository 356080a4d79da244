"""Rendering the business case: HTML page, tagged PDF and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from commissioning.cases.document.appendices import assumption_rows
from commissioning.cases.document.economic import break_even
from commissioning.cases.document.formatting import ILLUSTRATIVE_NOTE
from commissioning.cases.document.options import options_csv_rows
from commissioning.cases.document.prices import prices_csv_rows
from commissioning.cases.document.service_map import service_map_csv_rows
from commissioning.cases.economics import CaseAnalysis, round_to
from commissioning.cases.economics.green_book import BCR_NOTE, lower_rate_sentence
from commissioning.cases.economics.options import Comparison
from commissioning.cases.economics.report import MODEL_VERSION
from commissioning.lib.csvsafe import csv_safe_row
from commissioning.servicemap.summary import ServiceMapSummary

HTML_TEMPLATE = "cases/document.html"
PRINT_TEMPLATE = "cases/pdf/business_case.html"
PRINT_STYLESHEETS = ("css/case-print.css",)


def render_business_case_html(context: Mapping[str, Any], *, standalone: bool = False) -> str:
    """The business case as a full HTML page: the site page (templates/cases/
    document.html, which extends base.html) or, with ``standalone``, the print document
    with its stylesheet inlined, a single file that reads well offline (the CLI's
    ``--html``)."""
    if standalone:
        from commissioning.lib.pdf import stylesheet_text

        css = "\n".join(stylesheet_text(name) for name in PRINT_STYLESHEETS)
        # Safe: our own static stylesheet, not user input.
        return render_to_string(PRINT_TEMPLATE, {**context, "inline_css": mark_safe(css)})
    return render_to_string(HTML_TEMPLATE, {"SITE_NAME": "PAIR Commissioning Toolkit", **context})


def render_business_case_pdf(context: Mapping[str, Any], *, fetcher: Any = None) -> bytes:
    """The business case as a tagged PDF (PDF/UA-1) through ``lib.pdf.render_pdf``: only
    the toolkit's static files and ``data:`` URIs are ever fetched. ``fetcher`` (a
    ``StaticOnlyFetcher``) can be passed to see what was refused."""
    # Imported here: loading WeasyPrint takes most of a second, paid only by PDFs.
    from commissioning.lib.pdf import render_pdf

    return render_pdf(PRINT_TEMPLATE, dict(context), stylesheets=PRINT_STYLESHEETS, fetcher=fetcher)


def headline_csv_rows(analysis: CaseAnalysis) -> list[list[Any]]:
    """The headline results, exact: the central NPV and BCR, the expected NPV and the
    chance that the NPV is above zero, and the Green Book 2026 lower-rate test when the
    horizon is over 50 years. The BCR is reported, never judged (BCR_NOTE)."""
    result, psa, test = analysis.appraisal, analysis.psa, analysis.lower_rate_test
    bcr = "" if result.bcr is None else round_to(result.bcr, 4)
    rows: list[list[Any]] = [
        ["Result", "Value", "Note"],
        ["Net present value, central estimate (£)", round_to(result.npv, 2), ""],
        [
            "Expected net present value (£)",
            round_to(psa.npv_mean, 2),
            f"Mean of {psa.draws} simulations (seed {psa.seed})",
        ],
        [
            "Probability that the NPV is above zero",
            round_to(psa.probability_npv_positive, 4),
            "Share of the simulations",
        ],
        ["Benefit-cost ratio", bcr, BCR_NOTE],
    ]
    if test is not None:
        rows.append(
            [
                "Net present value at the Green Book 2026 lower rates (£)",
                round_to(test.lower.npv, 2),
                lower_rate_sentence(test, result.horizon_years),
            ]
        )
    return rows


def business_case_csv(
    case: Mapping[str, Any],
    analysis: CaseAnalysis,
    options: Comparison | None = None,
    *,
    service_map: ServiceMapSummary | None = None,
) -> str:
    """The per-year table, every input with its source, the whole one-way
    sensitivity and (when given) the local service map, as CSV text (with ``options``,
    first every option against business as usual and the preferred option). Every cell
    goes through ``csv_safe`` (no formula injection); money is in pounds to the penny."""
    inputs, result = analysis.inputs, analysis.appraisal
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def write(row: Iterable[Any]) -> None:
        writer.writerow(csv_safe_row(row))

    write(["Business case", inputs.name])
    write(["Price year", inputs.price_year])
    write(["Model version", MODEL_VERSION])
    write([])
    if options is not None:
        for row in options_csv_rows(options):
            write(row)
        write([])
    for row in headline_csv_rows(analysis):
        write(row)
    write([])
    write(
        [
            "Year",
            "Costs (£)",
            "Benefits (£)",
            "Health benefits (£)",
            "Discount factor",
            "Health discount factor",
            "PV of costs (£)",
            "PV of benefits (£)",
            "Cumulative NPV (£)",
        ]
    )
    for row in result.years:
        write(
            [
                row.year,
                round_to(row.cost, 2),
                round_to(row.benefit, 2),
                round_to(row.health_benefit, 2),
                round_to(row.df_standard, 10),
                round_to(row.df_health, 10),
                round_to(row.pv_cost, 2),
                round_to(row.pv_benefit, 2),
                round_to(row.cumulative_npv, 2),
            ]
        )
    write([])
    write(
        [
            "Input",
            "Label",
            "Value",
            "Unit",
            "Price year",
            "Low",
            "High",
            "Range",
            "Switching value",
            "Evidence grade",
            "Illustrative",
            "Source",
        ]
    )
    for row in assumption_rows(inputs, case, analysis):
        raw = row["raw_value"]
        write(
            [
                row["path"],
                row["label"],
                raw if isinstance(raw, Decimal | int | str) else "",
                row["unit"],
                row["price_year"],
                "" if row["low"] is None else row["low"],
                "" if row["high"] is None else row["high"],
                row["range_note"],
                row["break_even"],
                row["grade"],
                ILLUSTRATIVE_NOTE if row["illustrative"] else "",
                row["source"],
            ]
        )
    write([])
    for row in prices_csv_rows(inputs):
        write(row)
    write([])
    write(
        [
            "Sensitivity input",
            "Label",
            "Low",
            "Central",
            "High",
            "NPV at low value (£)",
            "NPV at high value (£)",
            "Swing (£)",
            "Switching value",
        ]
    )
    for row in analysis.sensitivity:
        crossing = break_even(row, result.npv)
        write(
            [
                row.path,
                row.label,
                row.low,
                row.central,
                row.high,
                round_to(row.npv_low, 2),
                round_to(row.npv_high, 2),
                round_to(row.swing, 2),
                "" if crossing is None else round_to(crossing, 6),
            ]
        )
    if service_map is not None:
        buffer.write(service_map_csv(service_map))
    return buffer.getvalue()


def service_map_csv(service_map: ServiceMapSummary) -> str:
    """The local service map's rows, after a blank line, as CSV text to follow the
    business case's (every cell through ``csv_safe``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([])
    for row in service_map_csv_rows(service_map):
        writer.writerow(csv_safe_row(row))
    return buffer.getvalue()
