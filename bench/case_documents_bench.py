"""Time every renderer of the business case in one run: `.venv/bin/python
bench/case_documents_bench.py`.

On the example case (commissioning/cases/examples/new-team.json, analysed once), in one
warm process with production settings (no database), the median of ``--renders`` runs
(interleaved, so a burst of load elsewhere hits all alike) of:

- ``document_context`` alone: the content model every renderer reads;
- each renderer from a fresh context: HTML (site page, standalone file), PDF, Word
  (with its chart pictures; and with the pictures already drawn, and the pictures
  alone), CSV;
- beside them, bare renders: WeasyPrint on the same HTML string (no context, no
  template) and python-docx saving an empty document, the libraries' own floor.

Wall-clock and CPU time (with child processes', i.e. ``pdftoppm``) are both shown:
shared machines are noisy, and wall far above CPU means something else was running.
Options: --renders N (default 5), --case PATH.
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.case_pdf_bench import EXAMPLE, configure  # noqa: E402


def cpu_seconds() -> float:
    """This process's CPU time and its children's (``pdftoppm`` runs as a child)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--case", type=Path, default=EXAMPLE)
    options = parser.parse_args()
    configure()

    import docx
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from commissioning.cases import document
    from commissioning.cases.document.word import chart_pngs, document_charts
    from commissioning.cases.economics import analyse_case, parse_case
    from commissioning.lib.pdf import PDF_BASE_URL, PDF_VARIANT, StaticOnlyFetcher, stylesheet_text

    data = json.loads(options.case.read_text(encoding="utf-8"), parse_float=Decimal)
    data.pop("narrative", None)
    analysis = analyse_case(parse_case(data))

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
    pictures = chart_pngs(document_charts(fixed))
    html = render_to_string(document.PRINT_TEMPLATE, fixed)
    css = "\n".join(stylesheet_text(name) for name in document.PRINT_STYLESHEETS)

    def bare_weasyprint() -> bytes:
        fetcher, fonts = StaticOnlyFetcher(), FontConfiguration()
        sheet = CSS(string=css, base_url=PDF_BASE_URL, url_fetcher=fetcher, font_config=fonts)
        page = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
        return page.write_pdf(stylesheets=[sheet], font_config=fonts, pdf_variant=PDF_VARIANT)

    def bare_docx() -> bytes:
        buffer = io.BytesIO()
        docx.Document().save(buffer)
        return buffer.getvalue()

    measures = {
        "document_context only": context,
        "HTML: site page": lambda: document.render_business_case_html(context()),
        "HTML: standalone file": lambda: document.render_business_case_html(
            context(), standalone=True
        ),
        "PDF": lambda: document.render_business_case_pdf(context()),
        "Word (with chart pictures)": lambda: document.render_business_case_docx(context()),
        "Word, pictures already drawn": lambda: document.render_business_case_docx(
            context(), pictures=pictures
        ),
        "Word chart pictures only": lambda: chart_pngs(document_charts(fixed)),
        "CSV": lambda: document.business_case_csv(data, analysis),
        "Bare WeasyPrint, same HTML": bare_weasyprint,
        "Bare python-docx, empty doc": bare_docx,
    }
    for function in measures.values():
        function()  # warm up: imports, fonts, templates
    walls: dict[str, list[float]] = {name: [] for name in measures}
    cpus: dict[str, list[float]] = {name: [] for name in measures}
    sizes: dict[str, int] = {}
    for _ in range(options.renders):
        for name, function in measures.items():
            wall, cpu = time.perf_counter(), cpu_seconds()
            result = function()
            cpus[name].append(cpu_seconds() - cpu)
            walls[name].append(time.perf_counter() - wall)
            if isinstance(result, bytes | str):
                sizes[name] = len(result.encode() if isinstance(result, str) else result)

    print(f"Case: {options.case.name}; {options.renders} runs of each, interleaved.")
    print()
    print(f"{'Measure':<30} {'median':>9} {'min':>9} {'CPU':>9} {'size':>8}")
    print("-" * 70)
    for name in measures:
        size = f"{sizes[name] / 1024:.0f} KB" if name in sizes else ""
        print(
            f"{name:<30} {statistics.median(walls[name]) * 1000:7.0f}ms "
            f"{min(walls[name]) * 1000:7.0f}ms {statistics.median(cpus[name]) * 1000:7.0f}ms "
            f"{size:>8}"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print()
    print(f"Load average at the end: {load:.2f} on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
