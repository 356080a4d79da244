"""The business case as a Word document (.docx), from the same content model as the
page and the PDF (``document_context``): one content model, three renderers.

- ``parts``: the cover and each part of the case, fragment by fragment as in
  templates/cases/_document.html;
- ``writer``: python-docx with text cleaned of XML-illegal characters, Word heading
  styles, tables whose header row repeats, pictures with alt text;
- ``charts``: the charts' SVG drawn to PNG (WeasyPrint, then poppler's pdftoppm).

The document's core properties give its title, author, subject, keywords, language
(en-GB) and status: "Draft", or "Approved: version N" with the decision record on
the cover when the version has been signed off."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from commissioning.cases.document.word import parts
from commissioning.cases.document.word.charts import chart_pngs
from commissioning.cases.document.word.writer import Writer, clean

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_charts(context: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Every chart the document shows, in order: the self-assessment's and the service
    map's, then the economic case's (the options first)."""
    economic = context["economic"]
    diagnosis = context["strategic"].get("diagnosis") or {}
    service_map = context["strategic"].get("service_map") or {}
    found = [
        diagnosis.get("chart"),
        service_map.get("chart"),
        (economic.get("appraisal") or {}).get("chart"),
        *(economic.get("chart_list") or []),
        economic.get("agencies_chart"),
        economic.get("tornado_chart"),
    ]
    return [chart for chart in found if chart]


def render_business_case_docx(
    context: Mapping[str, Any], *, pictures: Mapping[str, bytes] | None = None
) -> bytes:
    """The business case as .docx bytes. ``pictures`` (PNG by chart id) skips drawing
    the charts, for tests and benchmarks that draw them once."""
    if pictures is None:
        pictures = chart_pngs(document_charts(context))
    meta, doc = context["meta"], context["doc"]
    decision = context.get("decision")
    status = decision.mark if decision is not None else parts.STATUS
    w = Writer(language=meta["lang"])
    w.properties(
        title=meta["title"],
        author=meta["author"],
        subject=meta["subject"],
        keywords=meta["keywords"],
        status=status,
        created=doc.get("generated_at"),
    )
    w.footer(doc.get("footer", ""), header=f"{status}. {meta['title']}")
    parts.cover(w, doc, decision)
    parts.contents(w, context["toc"])
    parts.summary(w, context["summary"])
    parts.strategic(w, context["strategic"], pictures)
    parts.economic(w, context["economic"], pictures)
    parts.commercial(w, context["commercial"])
    parts.financial(w, context["financial"])
    parts.management(w, context["management"])
    parts.appendices(w, context["appendix"], doc["model_version"])
    return w.save()


__all__ = ["MEDIA_TYPE", "clean", "document_charts", "render_business_case_docx"]
