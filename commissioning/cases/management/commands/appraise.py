"""Appraise a value-for-money case file and print the results as JSON.

    python manage.py appraise CASE.json [--seed N] [--draws N]

The file is validated with ``parse_case`` (format: commissioning/cases/schema/
case.schema.json), then appraised, with one-way sensitivity, scenarios and a
probabilistic analysis of ``--draws`` draws (default 5,000) from ``--seed`` (default 1).
Figures are strings rounded half up for display (money to pence); see
``economics.report``.

Exit status 0 on success. Exit status 2, with nothing on stdout, when the file cannot be
read, is not JSON, or is not a valid case; stderr then has one line per problem, each
naming the field by its dotted path ("outcomes[1].relative_reduction: Enter a number
between 0 and 1").

Output formats are chosen in ``handle`` (only JSON so far), so adding a report format
means adding an option and an ``emit_*`` method.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from commissioning.cases.economics import (
    CaseAnalysis,
    CaseInputs,
    CaseInvalid,
    analyse_case,
    analysis_to_dict,
    parse_case,
)
from commissioning.cases.economics.uncertainty import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    MAX_DRAWS,
    MIN_DRAWS,
)

INVALID = 2  # exit status for unreadable, malformed or invalid input
MAX_FILE_BYTES = 1_000_000  # a case is a few kilobytes; refuse anything absurd


class Command(BaseCommand):
    help = "Appraise a value-for-money case file (JSON) and print the results as JSON."

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

    def handle(self, *args: Any, **options: Any) -> None:
        draws = options["draws"]
        if not MIN_DRAWS <= draws <= MAX_DRAWS:
            self.fail([f"--draws: Enter a whole number from {MIN_DRAWS:,} to {MAX_DRAWS:,}"])
        inputs = self.load(options["case"])
        analysis = analyse_case(inputs, draws=draws, seed=options["seed"])
        self.emit_json(analysis)

    def load(self, name: str) -> CaseInputs:
        """Read, decode and validate the case file, or fail with exit status 2."""
        path = Path(name)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                self.fail([f"{name}: the file is larger than {MAX_FILE_BYTES:,} bytes"])
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.fail([f"{name}: cannot read the case file ({reason})"])
        try:
            # Decimals straight from the text, so 0.1 stays exactly 0.1. NaN and Infinity
            # become floats that validation rejects field by field.
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            where = f"line {error.lineno}, column {error.colno}"
            self.fail([f"{name}: not valid JSON ({error.msg} at {where})"])
        try:
            return parse_case(data)
        except CaseInvalid as invalid:
            self.fail([f"{path}: {message}" for path, message in invalid.errors.items()])

    def emit_json(self, analysis: CaseAnalysis) -> None:
        self.stdout.write(json.dumps(analysis_to_dict(analysis), indent=2, ensure_ascii=False))

    def fail(self, lines: list[str]) -> NoReturn:
        for line in lines:
            self.stderr.write(line)
        sys.exit(INVALID)
