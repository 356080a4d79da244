"""The business case document: HTML page, tagged PDF and CSV from one analysis.

Independent of the web models, so the ``appraise`` command can use it too:

- ``document_context`` turns a case (its JSON-like data), its ``CaseAnalysis``, the
  free text the commissioner wrote (``NARRATIVE_SECTIONS``) and the optional
  self-assessment summary into plain, display-ready data laid out under the Green
  Book's Five Case Model (strategic, economic, commercial, financial, management),
  with an executive summary and appendices (assumptions, method, references);
- ``render_business_case_html`` and ``render_business_case_pdf`` render it through
  templates/cases/ (one file of ``{% partialdef %}`` fragments, _document.html, shared
  by the web page and the print document);
- ``business_case_csv``: the per-year table and every input with its source;
- ``render_business_case_docx`` (package ``word``): the same content as a Word
  document, with Word's heading styles, repeating table headers and charts as
  pictures with alt text.

Every figure is formatted here, once (money as whole pounds with thousands
separators, rounded half up; shares as percentages), so the page, the PDF and the tests
agree. Text the user wrote is left as text: the templates autoescape it, and the
narrative is shown with ``linebreaks`` (which escapes too), never ``|safe``. The only
markup made here is the charts' SVG, which ``commissioning.cases.charts`` and
``commissioning.lib.charts`` escape piece by piece.

Modules:

- ``formatting``: labels and units of the inputs; money, percent, ratio, number, input
  and table helpers;
- ``narrative``: the narrative sections, their guidance and ``narrative_sections``;
- ``context``: ``document_context`` and the executive summary;
- ``strategic``: the strategic case and the self-assessment's findings;
- ``economic``: the economic case and its tables (options, costs, outcomes, money flow,
  sensitivity, scenarios);
- ``economic_charts``: ``build_charts``, the economic case's four charts;
- ``financial``: the financial and management cases;
- ``appendices``: assumptions, references and the summary of METHODS.md;
- ``prices``: the price year, each uprated input and the price-year warnings;
- ``rendering``: ``render_business_case_html``, ``render_business_case_pdf`` and
  ``business_case_csv``;
- ``word``: ``render_business_case_docx``.
"""

from commissioning.cases.document.appendices import (
    METHODS_FILE,
    assumption_rows,
    method_sources,
    methods_summary,
    references,
)
from commissioning.cases.document.context import LANG, document_context, executive_summary
from commissioning.cases.document.economic import (
    OPTION_ROWS,
    break_even,
    cost_table,
    economic_case,
    money_flow_table,
    option_metrics,
    options_table,
    outcomes_table,
    scenarios_table,
    sensitivity_table,
)
from commissioning.cases.document.economic_charts import (
    QUIET_YEARS,
    SENSITIVITY_ROWS,
    TORNADO_BARS,
    build_charts,
    year_groups,
)
from commissioning.cases.document.financial import financial_case, management_case
from commissioning.cases.document.formatting import (
    CASE_LABELS,
    EXTRA_LABELS,
    GRADES,
    ILLUSTRATIVE_NOTE,
    MONEY_FIELDS,
    NO_BREAK_EVEN,
    NOT_APPLICABLE,
    NOT_CALCULATED,
    NOT_VARIED,
    PERCENT_FIELDS,
    UNITS,
    VALUE_TYPE_LABELS,
    YEAR_FIELDS,
    field_of,
    grade_of,
    input_text,
    money,
    number,
    percent,
    plain,
    ratio,
    table,
)
from commissioning.cases.document.narrative import (
    MAX_NARRATIVE,
    NARRATIVE_KEYS,
    NARRATIVE_SECTIONS,
    narrative_sections,
)
from commissioning.cases.document.prices import price_note, prices_csv_rows, prices_section
from commissioning.cases.document.rendering import (
    HTML_TEMPLATE,
    PRINT_STYLESHEETS,
    PRINT_TEMPLATE,
    business_case_csv,
    render_business_case_html,
    render_business_case_pdf,
    service_map_csv,
)
from commissioning.cases.document.word import MEDIA_TYPE as DOCX_MEDIA_TYPE
from commissioning.cases.document.word import render_business_case_docx

__all__ = [
    "CASE_LABELS",
    "DOCX_MEDIA_TYPE",
    "EXTRA_LABELS",
    "GRADES",
    "HTML_TEMPLATE",
    "ILLUSTRATIVE_NOTE",
    "LANG",
    "MAX_NARRATIVE",
    "METHODS_FILE",
    "MONEY_FIELDS",
    "NARRATIVE_KEYS",
    "NARRATIVE_SECTIONS",
    "NOT_APPLICABLE",
    "NOT_CALCULATED",
    "NOT_VARIED",
    "NO_BREAK_EVEN",
    "OPTION_ROWS",
    "PERCENT_FIELDS",
    "PRINT_STYLESHEETS",
    "PRINT_TEMPLATE",
    "QUIET_YEARS",
    "SENSITIVITY_ROWS",
    "TORNADO_BARS",
    "UNITS",
    "VALUE_TYPE_LABELS",
    "YEAR_FIELDS",
    "assumption_rows",
    "break_even",
    "build_charts",
    "business_case_csv",
    "service_map_csv",
    "cost_table",
    "document_context",
    "economic_case",
    "executive_summary",
    "field_of",
    "financial_case",
    "grade_of",
    "input_text",
    "management_case",
    "method_sources",
    "methods_summary",
    "money",
    "money_flow_table",
    "narrative_sections",
    "number",
    "option_metrics",
    "options_table",
    "outcomes_table",
    "percent",
    "price_note",
    "prices_csv_rows",
    "prices_section",
    "plain",
    "ratio",
    "references",
    "render_business_case_docx",
    "render_business_case_html",
    "render_business_case_pdf",
    "scenarios_table",
    "sensitivity_table",
    "table",
    "year_groups",
]
