"""Benchmark the business case document: `.venv/bin/python bench/case_pdf_bench.py`.

On the example case (commissioning/cases/examples/new-team.json, analysed once), in one
warm process with production settings (DJANGO_DEBUG=0; no database is used), it times:

- the full business-case PDF: ``document_context`` + ``render_business_case_pdf``
  (template, WeasyPrint, PDF/UA-1 tagging), median of ``--renders`` renders (target
  1.5 s);
- beside it, a bare WeasyPrint render of the SAME HTML string and stylesheet with the
  same fetcher and PDF variant, without building the context or rendering the
  template: the ratio full / bare is the toolkit's own overhead;
- the HTML: the site page and the standalone file, median of 50 renders each.

Wall-clock and CPU time are both shown, because these machines are shared and noisy:
when the wall time is far above the CPU time, something else was running.

Options: --renders N (default 9), --case PATH (another case file).
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "commissioning" / "cases" / "examples" / "new-team.json"
TARGET_S = 1.5


def configure() -> None:
    sys.path.insert(0, str(ROOT))
    for key in [k for k in os.environ if k.startswith("DJANGO_")]:
        del os.environ[key]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "toolkit.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "c" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
        }
    )
    import django

    django.setup()


def timed(function: Callable[[], object], runs: int) -> tuple[float, float, float, object]:
    """(median wall s, min wall s, median CPU s, last result) over ``runs`` calls."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), min(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=9)
    parser.add_argument("--case", type=Path, default=EXAMPLE)
    options = parser.parse_args()
    configure()

    from django.template.loader import render_to_string
    from pypdf import PdfReader
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from commissioning.cases import document
    from commissioning.cases.economics import analyse_case, parse_case
    from commissioning.lib.pdf import PDF_BASE_URL, PDF_VARIANT, StaticOnlyFetcher, stylesheet_text

    data = json.loads(options.case.read_text(encoding="utf-8"), parse_float=Decimal)
    data.pop("narrative", None)
    start = time.perf_counter()
    analysis = analyse_case(parse_case(data))
    analysis_s = time.perf_counter() - start

    def context() -> dict:
        return document.document_context(
            case=data,
            analysis=analysis,
            narrative={key: f"{title}. " * 12 for key, title, _ in document.NARRATIVE_SECTIONS},
            organisation_name="North Borough ICB",
            author_name="Alice North",
            diagnosis=None,
            version_label="Version 1",
            generated_at=datetime(2026, 1, 5, tzinfo=UTC),
        )

    fixed = context()
    html = render_to_string(document.PRINT_TEMPLATE, fixed)
    css = "\n".join(stylesheet_text(name) for name in document.PRINT_STYLESHEETS)

    def full() -> bytes:
        return document.render_business_case_pdf(context())

    def bare() -> bytes:
        fetcher, fonts = StaticOnlyFetcher(), FontConfiguration()
        sheet = CSS(string=css, base_url=PDF_BASE_URL, url_fetcher=fetcher, font_config=fonts)
        page = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
        return page.write_pdf(stylesheets=[sheet], font_config=fonts, pdf_variant=PDF_VARIANT)

    full(), bare()  # warm up: imports, fonts, template loading
    rows = []
    # Interleave the two, so a burst of load elsewhere hits both alike.
    full_runs, bare_runs = [], []
    for _ in range(options.renders):
        full_runs.append(timed(full, 1))
        bare_runs.append(timed(bare, 1))
    pdf = full_runs[-1][3]
    pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)

    def summary(runs: list) -> tuple[float, float, float]:
        return (
            statistics.median(r[0] for r in runs),
            min(r[1] for r in runs),
            statistics.median(r[2] for r in runs),
        )

    full_s, bare_s = summary(full_runs), summary(bare_runs)
    context_s = timed(context, 20)
    page_s = timed(lambda: document.render_business_case_html(fixed), 50)
    standalone_s = timed(lambda: document.render_business_case_html(fixed, standalone=True), 50)
    rows.append(("Business-case PDF (full)", *full_s, f"< {TARGET_S} s"))
    rows.append(("Bare WeasyPrint, same HTML", *bare_s, ""))
    rows.append(("document_context only", *context_s[:3], ""))
    rows.append(("HTML: site page", *page_s[:3], ""))
    rows.append(("HTML: standalone file", *standalone_s[:3], ""))

    print(f"Case: {options.case.name}; {pages} pages, {len(pdf) / 1024:.0f} KB PDF; ", end="")
    print(f"analysis (not timed below) {analysis_s:.2f} s; {options.renders} PDF renders.")
    print()
    print(f"{'Measure':<30} {'median':>9} {'min':>9} {'CPU':>9}  target")
    print("-" * 68)
    for name, median, low, cpu, target in rows:
        print(
            f"{name:<30} {median * 1000:7.0f}ms {low * 1000:7.0f}ms {cpu * 1000:7.0f}ms  {target}"
        )
    print()
    ratio = full_s[0] / bare_s[0]
    verdict = "meets" if full_s[0] < TARGET_S else "MISSES"
    print(f"Full / bare WeasyPrint (median): {ratio:.2f}x")
    print(f"Median full PDF {full_s[0]:.2f} s {verdict} the {TARGET_S} s target.")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Load average at the end: {load:.2f} on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
