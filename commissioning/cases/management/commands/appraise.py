"""Appraise a value-for-money case file; print the results as JSON or write the
business case document.

    python manage.py appraise CASE.json [--seed N] [--draws N]
    python manage.py appraise CASE.json --pdf case.pdf --html case.html --csv case.csv
        [--docx case.docx]
        [--organisation "North Borough ICB"] [--author "A. Commissioner"]
        [--version-label "Draft 2"] [--compare OTHER.json ...]

The file is validated with ``parse_case`` (format: commissioning/cases/schema/
case.schema.json), then appraised, with one-way sensitivity, scenarios and a
probabilistic analysis of ``--draws`` draws (default 5,000) from ``--seed`` (default 1).

Without ``--pdf``, ``--html``, ``--docx`` or ``--csv`` the analysis is printed as JSON: figures are
strings rounded half up for display (money to pence); see ``economics.report``. With any
of them, the business case (``commissioning.cases.document``) is written to each file
named and stdout lists the files written. The case file may then carry a ``narrative``
object with the commissioner's text, keyed by ``document.NARRATIVE_SECTIONS``
("strategic_need", "financial_funding", ...); ``--compare`` adds other case files as
options beside this one and "do nothing". See commissioning/cases/README.md.

A case file with ``options`` (two to four, each a ``name`` and the fields that differ
from the shared ones; ``economics.options``) appraises every option against business as
usual: the JSON gives each option's results, the flags and ``preferred_option`` /
``preferred_reason``; the documents show the comparison and detail the preferred option
(else the first). A missing or repeated option name exits 2 naming ``options[i].name``;
other bad option inputs exit 2 naming their dotted path (``options[1].staff[0].wte``).

Money inputs given in another price year (``"price_year": "2012/13"``) are uprated to
the case's price year with HM Treasury's GDP deflators (the March 2026 series shipped
with the toolkit, or ``--deflators SERIES.csv``); the JSON lists each uprating under
``case.upratings``. A price year that is not a financial year, lies outside the series
or has not started yet is an invalid case (exit status 2, naming the field).

Exit status 0 on success. Exit status 2, with nothing on stdout and no file written,
when a file cannot be read, is not JSON, or is not a valid case (or narrative), or an
output cannot be written; stderr then has one line per problem, each naming the field
by its dotted path ("outcomes[1].relative_reduction: Enter a number between 0 and 1").
Each output file is written whole (through a temporary file) or not at all.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from commissioning.cases import document
from commissioning.cases.document import MAX_NARRATIVE, NARRATIVE_KEYS
from commissioning.cases.economics import (
    CaseAnalysis,
    CaseInputs,
    CaseInvalid,
    analyse_case,
    analysis_to_dict,
    parse_case,
)
from commissioning.cases.economics.options import (
    Comparison,
    compare_options,
    comparison_to_dict,
    parse_options,
)
from commissioning.cases.economics.uncertainty import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    MAX_DRAWS,
    MIN_DRAWS,
)
from commissioning.lib.safe_json import UnsafeInput, load_json, text_problem
from commissioning.prices import deflators

INVALID = 2  # exit status for unreadable, malformed or invalid input
MAX_FILE_BYTES = 1_000_000  # a case is a few kilobytes; refuse anything absurd
NOT_STATED = "Not stated"
MAX_COMPARE = 5
MAX_REASON = 5000
# Options whose text is printed or written into a document.
TEXT_OPTIONS = (
    *("organisation", "author", "version_label"),
    *("pdf", "html", "docx", "csv", "deflators", "compare"),
)


class Command(BaseCommand):
    help = (
        "Appraise a value-for-money case file (JSON). Prints the results as JSON, or writes "
        "the business case (Five Case Model) with --pdf, --html, --docx and --csv. Exit "
        "status 2, and no output, for an invalid case."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="Path to the case file (JSON).")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Seed for the probabilistic analysis."
        )
        parser.add_argument(
            "--draws",
            type=int,
            default=DEFAULT_DRAWS,
            help=f"Draws for the probabilistic analysis ({MIN_DRAWS:,} to {MAX_DRAWS:,}).",
        )
        parser.add_argument(
            "--pdf", metavar="OUT.pdf", help="Write the business case as a tagged PDF."
        )
        parser.add_argument(
            "--html",
            metavar="OUT.html",
            help="Write the business case as a single HTML file (styles inlined).",
        )
        parser.add_argument(
            "--docx",
            metavar="OUT.docx",
            help="Write the business case as a Word document, to edit into a board's template.",
        )
        parser.add_argument(
            "--csv",
            metavar="OUT.csv",
            help="Write the per-year table and every input with its source as CSV.",
        )
        parser.add_argument(
            "--organisation",
            default=NOT_STATED,
            help="Organisation named on the document (default: %(default)s).",
        )
        parser.add_argument(
            "--author",
            default=NOT_STATED,
            help="Author named on the document (default: %(default)s).",
        )
        parser.add_argument(
            "--version-label",
            default="Draft",
            help="Version shown on the document (default: %(default)s).",
        )
        parser.add_argument(
            "--deflators",
            metavar="SERIES.csv",
            help="A GDP deflator series (CSV: financial_year,index,status) to uprate money "
            "inputs with, instead of the HM Treasury March 2026 series shipped with the "
            "toolkit.",
        )
        parser.add_argument(
            "--compare",
            action="append",
            default=[],
            metavar="OTHER.json",
            help=f"Another case file to compare as an option (up to {MAX_COMPARE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check_text_options(options)
        draws = options["draws"]
        if not MIN_DRAWS <= draws <= MAX_DRAWS:
            self.fail([f"--draws: Enter a whole number from {MIN_DRAWS:,} to {MAX_DRAWS:,}"])
        if len(options["compare"]) > MAX_COMPARE:
            self.fail([f"--compare: Give no more than {MAX_COMPARE} other cases"])
        outputs = {kind: options[kind] for kind in ("pdf", "html", "docx", "csv") if options[kind]}
        self.check_outputs(outputs)
        self.series = self.read_deflators(options["deflators"])
        data, raw_narrative = self.read(options["case"])
        if isinstance(data, dict) and "options" in data:
            if options["compare"]:
                self.fail(["--compare: a case file with options compares its own options"])
            self.handle_options(data, raw_narrative, outputs, options)
            return
        inputs, narrative = self.validate(data, raw_narrative)
        others = []
        for name in options["compare"]:
            other, other_narrative = self.read(name)
            others.append(self.validate(other, other_narrative, prefix=f"{name}: ")[0])
        analysis = analyse_case(inputs, draws=draws, seed=options["seed"])
        if not outputs:
            self.emit_json(analysis)
            return
        comparison = [
            (other.name, analyse_case(other, draws=draws, seed=options["seed"])) for other in others
        ]
        self.emit_documents(outputs, data, analysis, narrative, comparison, options)

    def handle_options(
        self,
        data: dict[str, Any],
        raw_narrative: object,
        outputs: dict[str, str],
        options: dict[str, Any],
    ) -> None:
        """A case file with ``options``: every option appraised against business as
        usual, with the preferred option (``preferred_option``, ``preferred_reason``)."""
        preferred = data.pop("preferred_option", None)
        reason = data.pop("preferred_reason", None)
        errors = narrative_errors(raw_narrative)
        try:
            parsed = parse_options(data, deflators=self.series)
        except CaseInvalid as invalid:
            errors.update(invalid.errors)
            parsed = []
        names = [option.name for option in parsed]
        if preferred is not None and not isinstance(preferred, str):
            errors["preferred_option"] = "Enter the name of one of the options"
        elif preferred and parsed and preferred not in names:
            errors["preferred_option"] = (
                f'"{preferred}" is not the name of an option: enter one of '
                + ", ".join(f'"{name}"' for name in names)
            )
        if reason is not None and not isinstance(reason, str):
            errors["preferred_reason"] = "Enter the reasons as text"
        elif isinstance(reason, str) and len(reason) > MAX_REASON:
            errors["preferred_reason"] = f"Enter {MAX_REASON:,} characters or fewer"
        if errors:
            self.fail([f"{path}: {message}" for path, message in errors.items()])
        analyses = [
            analyse_case(option.inputs, draws=options["draws"], seed=options["seed"])
            for option in parsed
        ]
        comparison = compare_options(
            [(o.name, o.data, a) for o, a in zip(parsed, analyses, strict=True)],
            preferred=preferred or "",
            preferred_reason=reason or "",
        )
        if not outputs:
            self.stdout.write(
                json.dumps(comparison_to_dict(comparison), indent=2, ensure_ascii=False)
            )
            return
        detailed = next(
            (o for o in comparison.options if o.name == comparison.preferred),
            comparison.options[0],
        )
        index = comparison.options.index(detailed)
        narrative = dict(raw_narrative) if isinstance(raw_narrative, Mapping) else {}
        self.emit_documents(
            outputs,
            parsed[index].data,
            detailed.analysis,
            narrative,
            [],
            options,
            comparison_of_options=comparison,
        )

    # --- input ----------------------------------------------------------------------------

    def read(self, name: str) -> tuple[Any, object]:
        """Read and decode a case file: (the case data, its narrative), or fail with exit
        status 2. The narrative is taken out here, as it is not part of the case format
        that ``parse_case`` checks."""
        try:
            text = read_case_text(Path(name))
        except OSError as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.fail([f"{name}: cannot read the case file ({reason})"])
        except (UnicodeDecodeError, UnsafeInput) as error:
            self.fail([f"{name}: {unsafe_reason(error)}"])
        try:
            # Decimals straight from the text, so 0.1 stays exactly 0.1. NaN and Infinity
            # become floats that validation rejects field by field.
            data = load_json(text, parse_float=Decimal)
        except UnsafeInput as unsafe:
            self.fail([f"{name}: {unsafe.message}"])
        if not isinstance(data, dict):
            return data, None
        return data, data.pop("narrative", None)

    def read_deflators(self, name: str | None) -> deflators.Series:
        """The shipped series, or the one in ``name`` checked whole (exit status 2 with
        every problem, by row, otherwise)."""
        if name is None:
            return deflators.shipped_series()
        try:
            text = read_case_text(Path(name)).removeprefix("\ufeff")
            if problem := text_problem(text):
                raise UnsafeInput(problem)
        except OSError as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.fail([f"--deflators: cannot read {name} ({reason})"])
        except (UnicodeDecodeError, UnsafeInput) as error:
            self.fail([f"--deflators: {name}: {unsafe_reason(error)}"])
        series, problems = deflators.check_series(
            text, title=f"GDP deflators from {Path(name).name}", release="given with --deflators"
        )
        if series is None:
            self.fail([f"--deflators: {name}: {problem}" for problem in problems])
        return series

    def validate(
        self, data: Any, raw_narrative: object, prefix: str = ""
    ) -> tuple[CaseInputs, dict[str, str]]:
        """The case's inputs and narrative, or fail with exit status 2 naming every
        problem in either."""
        errors = narrative_errors(raw_narrative)
        try:
            inputs = parse_case(data, deflators=self.series)
        except CaseInvalid as invalid:
            errors.update(invalid.errors)
        if errors:
            self.fail([f"{prefix}{path}: {message}" for path, message in errors.items()])
        return inputs, dict(raw_narrative) if isinstance(raw_narrative, Mapping) else {}

    def check_text_options(self, options: dict[str, Any]) -> None:
        """Refuse names and paths that cannot be written out (a lone surrogate comes from
        bytes that are not UTF-8 on the command line) before any work."""
        problems = []
        for key in (*TEXT_OPTIONS, "case"):
            for value in [options[key]] if isinstance(options[key], str) else options[key] or []:
                if problem := text_problem(value):
                    flag = key if key == "case" else "--" + key.replace("_", "-")
                    problems.append(f"{flag}: {problem}")
        if problems:
            self.fail(problems)

    def check_outputs(self, outputs: dict[str, str]) -> None:
        """Fail early (before any work) when an output's folder does not exist."""
        problems = []
        for kind, name in outputs.items():
            folder = Path(name).resolve().parent
            if not folder.is_dir():
                problems.append(f"--{kind}: the folder {folder} does not exist")
            elif Path(name).is_dir():
                problems.append(f"--{kind}: {name} is a folder, not a file")
        if problems:
            self.fail(problems)

    # --- output ---------------------------------------------------------------------------

    def emit_json(self, analysis: CaseAnalysis) -> None:
        self.stdout.write(json.dumps(analysis_to_dict(analysis), indent=2, ensure_ascii=False))

    def emit_documents(
        self,
        outputs: dict[str, str],
        data: dict[str, Any],
        analysis: CaseAnalysis,
        narrative: dict[str, str],
        comparison: list[tuple[str, CaseAnalysis]],
        options: dict[str, Any],
        *,
        comparison_of_options: Comparison | None = None,
    ) -> None:

        context = document.document_context(
            case=data,
            analysis=analysis,
            narrative=narrative,
            organisation_name=options["organisation"],
            author_name=options["author"],
            diagnosis=None,
            comparison=comparison,
            version_label=options["version_label"],
            generated_at=timezone.now(),
            options=comparison_of_options,
        )
        bodies: dict[str, bytes] = {}
        if "pdf" in outputs:
            bodies["pdf"] = document.render_business_case_pdf(context)
        if "html" in outputs:
            html = document.render_business_case_html(context, standalone=True)
            bodies["html"] = html.encode("utf-8")
        if "docx" in outputs:
            bodies["docx"] = document.render_business_case_docx(context)
        if "csv" in outputs:
            bodies["csv"] = document.business_case_csv(
                data, analysis, comparison_of_options
            ).encode("utf-8")
        written = []
        for kind, body in bodies.items():
            try:
                write_whole(Path(outputs[kind]), body)
            except OSError as error:
                self.fail([f"--{kind}: cannot write {outputs[kind]} ({error.strerror or error})"])
            written.append(f"Wrote the business case ({kind.upper()}) to {outputs[kind]}")
        for line in written:
            self.stdout.write(line)

    def fail(self, lines: list[str]) -> NoReturn:
        for line in lines:
            self.stderr.write(line)
        sys.exit(INVALID)


def narrative_errors(raw: object) -> dict[str, str]:
    """Problems with a case file's ``narrative``: an object whose keys are sections of
    ``document.NARRATIVE_SECTIONS`` and whose values are text."""

    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        return {"narrative": "Enter an object of section name: text"}
    errors = {}
    for key, value in raw.items():
        if key not in NARRATIVE_KEYS:
            errors[f"narrative.{key}"] = "Remove this field: it is not a section"
        elif not isinstance(value, str):
            errors[f"narrative.{key}"] = "Enter the text of the section"
        elif len(value) > MAX_NARRATIVE:
            errors[f"narrative.{key}"] = f"Enter {MAX_NARRATIVE:,} characters or fewer"
    return errors


def read_case_text(path: Path) -> str:
    """The text of a case file: a regular file of at most ``MAX_FILE_BYTES`` bytes of
    UTF-8 (a device such as /dev/zero, a pipe or a folder is refused before it is read).
    Raises OSError, UnicodeDecodeError or UnsafeInput."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise UnsafeInput("is not a regular file (a device, pipe or folder cannot be read)")
    with path.open("rb") as stream:
        body = stream.read(MAX_FILE_BYTES + 1)
    if len(body) > MAX_FILE_BYTES:
        raise UnsafeInput(f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    return body.decode("utf-8")


def unsafe_reason(error: UnicodeDecodeError | UnsafeInput) -> str:
    if isinstance(error, UnsafeInput):
        return error.message
    return f"cannot read the case file (not UTF-8 text: byte {error.start + 1} is not valid)"


def write_whole(path: Path, body: bytes) -> None:
    """Write ``body`` to ``path`` through a temporary file in the same folder, so the
    file is either complete or untouched."""
    handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=".appraise-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(body)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a document is not
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
