"""How two shipped files were derived from the others (pure: no ORM, no Django).

``python -m commissioning.areas.derive`` rewrites them from the files in ``data/``; the
tests check the shipped copies are exactly what these functions produce, so nothing in
them was typed in by hand.

- ``births_by_local_authority_lad2024.csv``: the mid-2019 district births moved onto
  LAD 2024 codes. The only differences between LAD 2022 and LAD 2024 in England are the
  April 2023 reorganisations, where whole districts merged into new unitary
  authorities (``MERGERS_2023``), so adding the merged districts' births up is exact.
- ``icb_changes.csv``: for every ICB code that stopped being used, the ICBs that cover
  its area afterwards, with the share of its area in each. April 2026: from the derived
  sub-ICB location file (``sicbl24_to_icb2026_derived.csv``), as a share of the former
  ICB's LSOAs (2021). April 2024: the July 2022 and April 2024 lookups are on different
  LSOAs (2011 and 2021), so the share is of the former ICB's mid-2019 births, worked out
  district by district; every district involved is either wholly in one new ICB or
  split with the same share as before, so no district is apportioned by guesswork.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# LAD 2024 unitary authority -> the LAD 2022 districts it was formed from on 1 April 2023.
MERGERS_2023: dict[str, tuple[str, ...]] = {
    "E06000063": ("E07000026", "E07000028", "E07000029"),  # Cumberland
    "E06000064": ("E07000027", "E07000030", "E07000031"),  # Westmorland and Furness
    "E06000065": (  # North Yorkshire
        "E07000163",
        "E07000164",
        "E07000165",
        "E07000166",
        "E07000167",
        "E07000168",
        "E07000169",
    ),
    "E06000066": ("E07000187", "E07000188", "E07000189", "E07000246"),  # Somerset
}
FORMED_2023 = "2023-04-01"

CHANGES_COLUMNS = (
    "former_icb_code",
    "former_icb_name",
    "ceased_on",
    "successor_icb_code",
    "successor_icb_name",
    "share",
    "basis",
)
BASIS_2026 = "share of the former ICB's LSOAs (2021), from the derived April 2026 lookup"
BASIS_2024 = (
    "share of the former ICB's mid-2019 births, district by district, from the July 2022 "
    "and April 2024 lookups"
)
FOUR_PLACES = Decimal("0.0001")


class DerivationError(ValueError):
    """The inputs do not allow an exact derivation."""


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write_csv(rows: Iterable[Mapping[str, object]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def births_on_lad2024(
    births: Mapping[str, int], names: Mapping[str, str]
) -> dict[str, tuple[str, int]]:
    """LAD 2024 code -> (name, births): ``births`` (LAD 2022 code -> births) with the
    districts merged in April 2023 added up. ``names``: LAD 2024 code -> name (every
    LAD 2024 code must be in it). Raises ``DerivationError`` if a merged district is
    missing, so the total is always kept exactly."""
    merged = {old for olds in MERGERS_2023.values() for old in olds}
    missing = sorted(merged - set(births))
    if missing:
        raise DerivationError(f"districts merged in 2023 are missing: {', '.join(missing)}")
    result: dict[str, tuple[str, int]] = {}
    for code, value in births.items():
        if code not in merged:
            result[code] = (names[code], value)
    for new, olds in MERGERS_2023.items():
        result[new] = (names[new], sum(births[old] for old in olds))
    return dict(sorted(result.items()))


def births_lad2024_text(births_2022_text: str, lookup_2024_text: str) -> str:
    births = {r["area_code"]: int(r["live_births"]) for r in read_csv(births_2022_text)}
    years = {r["year"] for r in read_csv(births_2022_text)}
    if len(years) != 1:
        raise DerivationError("the births file has more than one year")
    (year,) = years
    names = {r["la_code"]: r["la_name"] for r in read_csv(lookup_2024_text)}
    rows = [
        {"area_code": code, "area_name": name, "year": year, "live_births": value}
        for code, (name, value) in births_on_lad2024(births, names).items()
    ]
    return write_csv(rows, ("area_code", "area_name", "year", "live_births"))


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _rounded_to_one(shares: dict[str, Decimal], exact: dict[str, Decimal]) -> dict[str, Decimal]:
    """Make 4-decimal shares add up to exactly 1 by giving the rounding remainder to
    the largest part (at most a few ten-thousandths)."""
    gap = Decimal(1) - sum(shares.values())
    if gap:
        largest = max(exact, key=lambda code: exact[code])
        shares[largest] += gap
    return shares


def changes_2026(sicbl_text: str, ceased_on: str = "2026-04-01") -> list[dict[str, object]]:
    """Former ICB -> 2026 ICBs, by LSOA counts, for every 2024 ICB code not in use
    from April 2026."""
    counts: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    names: dict[str, str] = {}
    kept: set[str] = set()
    for row in read_csv(sicbl_text):
        old, new = row["icb24_code"], row["icb26_code"]
        names[old], names[new] = row["icb24_name"], row["icb26_name"]
        counts[old][new] += Decimal(row["lsoa_count"])
        if old == new:
            kept.add(old)
    rows = []
    for old in sorted(counts):
        if old in kept:
            continue
        total = sum(counts[old].values(), Decimal(0))
        exact = {new: n / total for new, n in counts[old].items()}
        shares = _rounded_to_one({new: _share(n, total) for new, n in counts[old].items()}, exact)
        for new in sorted(shares, key=lambda c: (-shares[c], c)):
            rows.append(_change_row(old, names, ceased_on, new, shares[new], BASIS_2026))
    return rows


def _change_row(
    old: str, names: dict[str, str], ceased_on: str, new: str, share: Decimal, basis: str
) -> dict[str, object]:
    return {
        "former_icb_code": old,
        "former_icb_name": names[old],
        "ceased_on": ceased_on,
        "successor_icb_code": new,
        "successor_icb_name": names[new],
        "share": share,
        "basis": basis,
    }


def changes_2024(
    lookup_2022_text: str,
    lookup_2024_text: str,
    births_2022_text: str,
    ceased_on: str = "2024-04-01",
) -> list[dict[str, object]]:
    """Former ICB -> 2024 ICBs for the July 2022 codes not used in April 2024, by
    mid-2019 births. A district split in both lookups must keep the same share in the
    former and the new ICB (then that part moved whole); anything else cannot be
    apportioned exactly and raises ``DerivationError``."""
    old_rows, new_rows = read_csv(lookup_2022_text), read_csv(lookup_2024_text)
    births = {r["area_code"]: Decimal(r["live_births"]) for r in read_csv(births_2022_text)}
    new_codes = {r["icb_code"] for r in new_rows}
    names = {r["icb_code"]: r["icb_name"] for r in old_rows + new_rows}
    new_by_district: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in new_rows:
        new_by_district[row["la_code"]][row["icb_code"]] = Decimal(row["lsoa_share"])
    parts: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in old_rows:
        old, district = row["icb_code"], row["la_code"]
        if old in new_codes:
            continue
        share = Decimal(row["lsoa_share"])
        targets = new_by_district.get(district, {})
        if len(targets) == 1:
            (new,) = targets
        else:
            same = [icb for icb, s in targets.items() if s == share]
            if len(same) != 1:
                raise DerivationError(f"{district} in {old} cannot be apportioned exactly")
            new = same[0]
        parts[old][new] += births[district] * share
    rows = []
    for old in sorted(parts):
        total = sum(parts[old].values(), Decimal(0))
        exact = {new: b / total for new, b in parts[old].items()}
        shares = _rounded_to_one({new: _share(b, total) for new, b in parts[old].items()}, exact)
        for new in sorted(shares, key=lambda c: (-shares[c], c)):
            rows.append(_change_row(old, names, ceased_on, new, shares[new], BASIS_2024))
    return rows


def changes_text(data_dir: Path = DATA_DIR) -> str:
    def read(name: str) -> str:
        return (data_dir / name).read_text(encoding="utf-8-sig")

    rows = changes_2024(
        read("la_to_icb.csv"), read("la_to_icb_2024.csv"), read("births_by_local_authority.csv")
    ) + changes_2026(read("sicbl24_to_icb2026_derived.csv"))
    return write_csv(rows, CHANGES_COLUMNS)


def main() -> None:  # pragma: no cover - a one-off writer, checked by the tests
    births = births_lad2024_text(
        (DATA_DIR / "births_by_local_authority.csv").read_text(encoding="utf-8-sig"),
        (DATA_DIR / "la_to_icb_2024.csv").read_text(encoding="utf-8-sig"),
    )
    (DATA_DIR / "births_by_local_authority_lad2024.csv").write_text(births, encoding="utf-8")
    (DATA_DIR / "icb_changes.csv").write_text(changes_text(), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
