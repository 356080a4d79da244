"""The parts of the Word copy, in the order and with the content of the page and the
PDF (templates/cases/_document.html): one function per fragment there, reading the
same ``document_context`` dict. Heading levels: the document's title is Word's Title
style, each part (the summary, the five cases, the appendices) Heading 1, the
sections inside a part Heading 2."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from commissioning.cases.document.decision import REVIEW_HEADERS, DecisionRecord
from commissioning.cases.document.word.writer import Writer

STATUS = "Draft"  # a version is a draft until its sign-off approves it (DecisionRecord)
DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)


def chart_alt(chart: Mapping[str, Any]) -> str:
    """The chart's alt text: its title and the description the chart module wrote
    into the SVG (what the page's screen-reader users hear)."""
    match = DESC.search(str(chart.get("svg", "")))
    described = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""
    return " ".join(part for part in (f"Chart: {chart.get('title', '')}.", described) if part)


def narrative(w: Writer, section: Mapping[str, Any]) -> None:
    w.heading(section["title"], 2)
    if section.get("written"):
        w.text_block(section.get("text", ""))
    else:
        w.paragraph(section.get("guidance", ""), lead="Not written yet.")


def chart(w: Writer, block: Mapping[str, Any], pictures: Mapping[str, bytes]) -> None:
    w.paragraph(f"Chart: {block['title']}", style="Caption")
    png = pictures.get(block.get("id", ""))
    if not (png and w.picture(png, title=block["title"], alt=chart_alt(block))):
        w.paragraph("The chart's picture could not be made here: its figures are in the table.")
    w.paragraph(block.get("reading", ""), lead="What this shows:")
    if block.get("note"):
        w.paragraph(block["note"], small=True)
    w.table(block["table"])


def expected(w: Writer, block: Mapping[str, Any]) -> None:
    w.paragraph(block.get("summary", ""))
    reasons = block.get("reasons") or []
    if reasons:
        w.paragraph("Why the two differ:")
        for reason in reasons:
            w.items([reason["sentence"]], numbered=False)
            if reason.get("details"):
                w.items(reason["details"], numbered=False)


def cover(w: Writer, doc: Mapping[str, Any], decision: DecisionRecord | None = None) -> None:
    status = decision.mark if decision is not None else STATUS
    w.paragraph(status, lead="Status:")
    w.paragraph(doc["subtitle"])
    w.title(doc["title"])
    if doc.get("description"):
        w.paragraph(doc["description"])
    facts = [
        ["Status", status if decision is not None else f"{STATUS}: not yet approved"],
        ["Organisation", doc.get("organisation_name", "")],
        ["Author", doc.get("author_name", "")],
    ]
    if doc.get("version_label"):
        facts.append(["Version", doc["version_label"]])
    facts += [
        ["Produced", doc.get("generated_on", "")],
        ["Prices", f"Real terms, {doc['price_year']} prices"],
        [
            "Method",
            "HM Treasury Green Book (2026 edition), Five Case Model; value-for-money model "
            f"version {doc['model_version']}",
        ],
        ["Written sections", f"{doc['sections_written']} of {doc['sections_total']}"],
    ]
    w.grid("About this document", ["Fact", "Detail"], facts)
    count = doc.get("illustrative_count") or 0
    if count:
        inputs = "input is" if count == 1 else "inputs are"
        w.paragraph(
            'They are placeholders, marked "Illustrative: replace with a local figure" in '
            "Appendix A. Replace them with local figures before relying on the results.",
            lead=f"Draft: {count} {inputs} illustrative.",
        )
    if decision is not None:
        decision_record(w, decision)
    if doc.get("notes"):
        w.paragraph(doc["notes"], small=True)
    w.paragraph(doc.get("footer", ""), small=True)


def decision_record(w: Writer, decision: DecisionRecord) -> None:
    """The sign-off decision, as on the page and in the PDF."""
    w.heading("Decision record", 2)
    w.grid("Sign-off of this version", ["Fact", "Detail"], decision.facts())
    if decision.reviews:
        w.grid("Required reviews", REVIEW_HEADERS, decision.review_rows())


def contents(w: Writer, toc: list[tuple[str, str]]) -> None:
    w.paragraph(lead="Contents")
    w.items([title for _, title in toc], numbered=False)
    w.page_break()


def summary(w: Writer, part: Mapping[str, Any]) -> None:
    w.heading("Executive summary", 1)
    narrative(w, part["recommendation"])
    w.heading("Value for money at a glance", 2)
    w.paragraph(part["verdict"])
    expected(w, part["expected"])
    w.paragraph(part["bcr_note"], lead="Reading the BCR:")
    for key in ("fiscal", "switching", "psa"):
        w.paragraph(part[key])
    w.grid(
        "Key figures (present values over the appraisal period)",
        ["Measure", "Result"],
        [[label, value] for label, value in part["figures"]],
        numeric=[False, True],
    )


def strategic(w: Writer, part: Mapping[str, Any], pictures: Mapping[str, bytes]) -> None:
    w.heading("1. Strategic case", 1)
    w.paragraph(
        "The case for change: the need, the barriers the area has found, the fit with "
        "policy and what the service must achieve."
    )
    narrative(w, part["need"])
    w.table(part["need_table"])
    w.heading("Barriers found by the local self-assessment", 2)
    d = part.get("diagnosis")
    if not d:
        w.paragraph(
            "No submitted self-assessment is linked to this case, so no diagnosed barriers "
            "are shown. Complete and submit the organisation's self-assessment to add them."
        )
    else:
        where = f" for {d['area_name']}" if d.get("area_name") else ""
        when = f", submitted on {d['submitted_on']}" if d.get("submitted_on") else ""
        provisional = " The results are provisional." if d.get("provisional") else ""
        w.paragraph(f'From the self-assessment "{d["title"]}"{where}{when}.{provisional}')
        if d.get("priorities"):
            w.paragraph("The barriers most implicated by the answers, most implicated first:")
            w.items(d["priorities"], numbered=True)
        else:
            w.paragraph("No barrier stood out: no statement was rated low.")
        gaps, unanswered = d.get("evidence_gaps", 0), d.get("unanswered", 0)
        if gaps or unanswered:
            w.paragraph(
                f"{gaps} evidence gap{'s' if gaps != 1 else ''} and {unanswered} unanswered "
                f"question{'s' if unanswered != 1 else ''}.",
                small=True,
            )
        if d.get("chart"):
            chart(w, d["chart"], pictures)
    service_map(w, part.get("service_map"), pictures)
    narrative(w, part["policy"])
    narrative(w, part["objectives"])


def economic(w: Writer, part: Mapping[str, Any], pictures: Mapping[str, bytes]) -> None:
    w.heading("2. Economic case", 1)
    w.paragraph(
        "Options appraisal and value for money: every option is compared with doing "
        "nothing, which has no costs and no benefits (NPV £0)."
    )
    narrative(w, part["options_narrative"])
    if part.get("appraisal"):
        options_appraisal(w, part["appraisal"], pictures)
    else:
        w.table(part["options"])
        w.paragraph(part["options_reading"])
        w.paragraph(part["bcr_note"], lead="Reading the BCR:")
    w.heading("Costs", 2)
    w.table(part["costs"])
    w.heading("Benefits", 2)
    w.paragraph(part["adjustments"])
    w.table(part["outcomes"])
    w.heading("Discounting and the switching value", 2)
    w.paragraph(f"{part['discounting']} The results for this option are in the options table.")
    lower = part.get("lower_rate") or {}
    if lower.get("sentence"):
        w.paragraph(lower["sentence"])
    if lower.get("table"):
        w.table(lower["table"])
    w.paragraph(part["switching"], lead="Switching value:")
    w.heading("Costs and benefits over time", 2)
    for block in part.get("chart_list") or []:
        chart(w, block, pictures)
    if part.get("agencies_chart"):
        w.heading("Who gains", 2)
        chart(w, part["agencies_chart"], pictures)
    w.heading("Sensitivity and switching values", 2)
    w.paragraph(
        "Each input in turn is set to its low and high value with everything else as "
        "entered. The switching value is the value of the input at which the NPV would be "
        "zero, found by straight-line interpolation within the range tested (exact for "
        "inputs the NPV depends on in a straight line); a dash means the NPV does not "
        "reach zero within that range."
    )
    if part.get("tornado_chart"):
        chart(w, part["tornado_chart"], pictures)
    else:
        w.paragraph("No input has a range, so there is no sensitivity analysis.")
    w.heading("Scenarios", 2)
    w.table(part["scenarios"])
    w.heading("Probabilistic analysis", 2)
    w.paragraph(f"{part['psa_reading']} The mean NPV across the draws is {part['mean_npv']}.")
    expected(w, part["expected"])
    w.table(part["psa"])


def service_map(w: Writer, m: Mapping[str, Any] | None, pictures: Mapping[str, bytes]) -> None:
    """The local service map as the strategic case's existing arrangements and gaps."""
    w.heading("Existing arrangements and the gaps", 2)
    if not m:
        w.paragraph(
            "No local service map is linked to this case, so the existing arrangements are "
            "not shown. Record what support the area has in the toolkit's service map to "
            "add them."
        )
        return
    updated = f", last changed on {m['updated_on']}" if m.get("updated_on") else ""
    w.paragraph(
        f"From the local service map for {m['area_name']} kept by {m['organisation_name']} "
        f"(version {m['version']}{updated})."
    )
    w.paragraph(" ".join(m["existing"]))
    w.paragraph(" ".join(m["need"]), lead="Business need:")
    if m.get("services"):
        w.table(m["services"])
    if m.get("funding"):
        w.table(m["funding"])
    chart(w, m["chart"], pictures)
    w.paragraph(f"Specialised team definition: {m['team_source']}", small=True)


def options_appraisal(
    w: Writer, appraisal: Mapping[str, Any], pictures: Mapping[str, bytes]
) -> None:
    """Every option against business as usual, and the preferred option and why."""
    w.heading("The options compared with business as usual", 2)
    w.paragraph(
        "Business as usual is what happens without the new service: no costs and no "
        "benefits, so its net present value is £0 by definition. Each option shares the "
        "case's births, need, price year and discounting, and differs only in what the "
        "service would do."
    )
    if appraisal["flags"]:
        w.paragraph(lead="Check the options:")
        w.items(appraisal["flags"], numbered=False)
    w.table(appraisal["table"])
    w.paragraph(appraisal["bcr_note"], lead="Reading the BCR:")
    chart(w, appraisal["chart"], pictures)
    w.table(appraisal["risks"])
    w.heading("The preferred option and why", 2)
    if appraisal["preferred_missing"]:
        w.paragraph(appraisal["preferred_missing"], lead="Preferred option: not recorded.")
    else:
        w.paragraph("", lead=f"Preferred option: {appraisal['preferred']}.")
        w.text_block(str(appraisal["preferred_reason"]))
    detailed = "the preferred option" if appraisal["preferred"] else "the first option"
    w.paragraph(
        "The rest of the economic case, and the financial and management cases, set out "
        f"{detailed} in detail."
    )


def commercial(w: Writer, part: Mapping[str, Any]) -> None:
    w.heading("3. Commercial case", 1)
    w.paragraph(
        "How the service will be bought or provided, who could provide it, and on what terms."
    )
    for section in part["sections"]:
        narrative(w, section)


def financial(w: Writer, part: Mapping[str, Any]) -> None:
    w.heading("4. Financial case", 1)
    w.paragraph("Affordability: the cash the service needs each year, who pays and who gains.")
    narrative(w, part["funding"])
    w.heading("Budget profile", 2)
    w.paragraph(part["reading"])
    w.table(part["budget"])
    w.heading("Who pays and who gains", 2)
    w.table(part["who_pays"])
    narrative(w, part["affordability"])


def management(w: Writer, part: Mapping[str, Any]) -> None:
    w.heading("5. Management case", 1)
    w.paragraph("How the service will be delivered, governed and evaluated.")
    for section in part["sections"]:
        narrative(w, section)
    plan = part.get("action_plan")
    if plan:
        w.heading("Action plan from the self-assessment", 2)
        w.paragraph(plan["source"])
        if plan["empty"]:
            w.paragraph("The plan has no actions yet.")
        else:
            w.table(plan["table"])
    narrative(w, part["evaluation"])
    w.heading("Evaluation plan", 2)
    w.paragraph(
        "The appraisal assumes the outcomes below. Measure them for the families the "
        "service sees, against a comparison where possible, and update the case as "
        "results arrive."
    )
    w.table(part["measures"])
    if part.get("check_first"):
        w.paragraph("The result is most sensitive to these assumptions, so check them first:")
        w.items(part["check_first"], numbered=True)


def _assumption_value(row: Mapping[str, Any]) -> str:
    text = str(row.get("value", ""))
    if row.get("unit"):
        if row.get("price_warning"):
            year = ", price year not known"
        elif row.get("price_year"):
            year = f", {row['price_year']} prices"
        else:
            year = ""
        text += f" ({row['unit']}{year})"
    if row.get("price_note"):
        warning = "Warning: " if row.get("price_warning") else ""
        text += f" {warning}{row['price_note']}"
    return text


def appendices(w: Writer, appendix: Mapping[str, Any], model_version: str) -> None:
    w.heading("Appendix A: Assumptions", 1)
    w.paragraph(
        "Every input, with its value, unit, price year, the range tested, its switching "
        "value, the value at which the NPV would be zero (a dash when that is outside the "
        'range; "default" marks the toolkit\'s default range), the evidence grade from the '
        "source's status mark (verified, secondary, derived, team proposal, unverified) "
        "and the source."
    )
    if appendix.get("nice_threshold"):
        w.paragraph(appendix["nice_threshold"], lead="QALY thresholds:")
    rows = []
    for row in appendix["assumptions"]:
        tested = row.get("range") or "Not varied"
        if row.get("range_note"):
            tested += f" ({row['range_note']})"
        source = row.get("source") or "No source given."
        if row.get("illustrative"):
            source = f"Illustrative: replace with a local figure. {source}"
        rows.append(
            [
                row["label"],
                _assumption_value(row),
                tested,
                row.get("break_even", ""),
                row.get("grade", ""),
                source,
            ]
        )
    w.grid(
        "Assumptions, sources and evidence grades",
        ["Input", "Value", "Range tested", "Switching value", "Evidence grade", "Source"],
        rows,
    )
    prices(w, appendix["prices"])

    w.heading("Appendix B: Method", 1)
    w.paragraph(
        "A summary of how the toolkit calculates the case (value-for-money model version "
        f"{model_version}). The full method, with every formula, is published with the toolkit."
    )
    for heading, text in appendix["methods"]:
        w.heading(heading, 2)
        w.paragraph(text)

    w.heading("Appendix C: References", 1)
    w.heading("Works cited in this case's sources", 2)
    w.paragraph(
        "Each input's full source note is in Appendix A; these are the works the notes "
        "cite, named in full from the toolkit's knowledge base."
    )
    references = appendix["references"]
    if references.works:
        w.items([work.text for work in references.works], numbered=True)
    else:
        w.paragraph("The source notes cite no works in the toolkit's knowledge base.")
    if references.unlisted:
        w.heading("Other citations to check", 2)
        w.paragraph(
            "These citations in the source notes name no work in the toolkit's knowledge "
            "base. Give their full reference before the case goes to a board."
        )
        w.items(references.unlisted, numbered=False)
    w.heading("Sources of the method", 2)
    w.items(appendix["method_sources"], numbered=True)


def prices(w: Writer, block: Mapping[str, Any]) -> None:
    w.heading("Prices: one price year", 2)
    w.paragraph(
        f"Every amount of money in this case is in {block['price_year']} prices (real "
        "terms). Money inputs given in another year's prices are uprated by the ratio of "
        f"the GDP deflator for the two years ({block['deflators']}), and their ranges with "
        "them."
    )
    if block.get("table"):
        w.table(block["table"])
        if block.get("forecast"):
            w.paragraph(
                f"A forecast index was used for: {'; '.join(block['forecast'])}. Forecast "
                "indices change when HM Treasury publishes outturn.",
                small=True,
            )
    else:
        w.paragraph(
            "No money input gives a price year of its own: each is taken to be in "
            f"{block['price_year']} prices."
        )
    warnings = block.get("warnings") or []
    if warnings:
        count = len(warnings)
        w.paragraph(
            "The source gives none, so the value is used as given and may be in older "
            "prices than the rest of the case.",
            lead=f"Warning: {count} money input{'s' if count != 1 else ''} with no known "
            "price year.",
        )
        w.items(warnings, numbered=False)
