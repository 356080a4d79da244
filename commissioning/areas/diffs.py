"""What a new lookup changes against the current one (pure: no ORM).

A curator replacing a lookup (for example the toolkit's derived April 2026 lookup by
the official ONS file) sees this before anything is applied: districts and ICBs that
appear or disappear, ICBs whose name changes, and every (district, ICB) share that
changes, with its value before and after.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class Row(Protocol):
    code: str
    name: str
    icb_code: str
    icb_name: str
    share: Decimal


@dataclass(frozen=True)
class Named:
    code: str
    name: str


@dataclass(frozen=True)
class Renamed:
    code: str
    before: str
    after: str


@dataclass(frozen=True)
class ShareChange:
    """One (district, ICB) pair whose share changes; None means the pair is absent."""

    code: str
    name: str
    icb_code: str
    icb_name: str
    before: Decimal | None
    after: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


@dataclass(frozen=True)
class LookupDiff:
    districts_added: tuple[Named, ...]
    districts_removed: tuple[Named, ...]
    icbs_added: tuple[Named, ...]
    icbs_removed: tuple[Named, ...]
    icbs_renamed: tuple[Renamed, ...]
    shares: tuple[ShareChange, ...]
    rows_before: int
    rows_after: int

    @property
    def districts_changed(self) -> tuple[Named, ...]:
        """Districts present before and after whose ICBs or shares change."""
        gone = {d.code for d in self.districts_added + self.districts_removed}
        seen: dict[str, str] = {}
        for change in self.shares:
            if change.code not in gone:
                seen.setdefault(change.code, change.name)
        return tuple(Named(code, name) for code, name in sorted(seen.items()))

    @property
    def unchanged(self) -> bool:
        return not (
            self.districts_added
            or self.districts_removed
            or self.icbs_added
            or self.icbs_removed
            or self.icbs_renamed
            or self.shares
        )


def diff_lookups(before: Iterable[Row], after: Iterable[Row]) -> LookupDiff:
    """Compare two lookups row by row (order does not matter)."""
    before, after = list(before), list(after)

    def pairs(rows: list[Row]) -> dict[tuple[str, str], Row]:
        return {(r.code, r.icb_code): r for r in rows}

    def names(rows: list[Row], icb: bool) -> dict[str, str]:
        return {(r.icb_code if icb else r.code): (r.icb_name if icb else r.name) for r in rows}

    old_pairs, new_pairs = pairs(before), pairs(after)
    old_districts, new_districts = names(before, False), names(after, False)
    old_icbs, new_icbs = names(before, True), names(after, True)
    shares = []
    for key in sorted(old_pairs.keys() | new_pairs.keys()):
        old, new = old_pairs.get(key), new_pairs.get(key)
        if old is not None and new is not None and old.share == new.share:
            continue
        row = new or old
        assert row is not None
        shares.append(
            ShareChange(
                row.code,
                row.name,
                row.icb_code,
                row.icb_name,
                old.share if old else None,
                new.share if new else None,
            )
        )

    def only(first: dict[str, str], second: dict[str, str]) -> tuple[Named, ...]:
        return tuple(Named(c, first[c]) for c in sorted(first.keys() - second.keys()))

    return LookupDiff(
        districts_added=only(new_districts, old_districts),
        districts_removed=only(old_districts, new_districts),
        icbs_added=only(new_icbs, old_icbs),
        icbs_removed=only(old_icbs, new_icbs),
        icbs_renamed=tuple(
            Renamed(c, old_icbs[c], new_icbs[c])
            for c in sorted(old_icbs.keys() & new_icbs.keys())
            if old_icbs[c] != new_icbs[c]
        ),
        shares=tuple(shares),
        rows_before=len(before),
        rows_after=len(after),
    )
