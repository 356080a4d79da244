"""What ships with the toolkit: the ICB maps (configurations), the dataset files in
``data/`` with the original publisher, dataset and licence of each (what the public
pages show), and the district reorganisations since 2019. Where each file was actually
read from, and how it was reshaped, is in ``data/PROVENANCE.md``."""

import datetime
from dataclasses import dataclass

from commissioning.areas.derive import FORMED_2023, MERGERS_2023

OGL = "Open Government Licence v3.0"


@dataclass(frozen=True)
class ShippedConfiguration:
    key: str
    name: str
    effective_from: datetime.date
    notes: str = ""


CONFIGURATIONS: tuple[ShippedConfiguration, ...] = (
    ShippedConfiguration(
        "icb-2022-07",
        "ICBs of July 2022",
        datetime.date(2022, 7, 1),
        "The 42 Integrated Care Boards established on 1 July 2022.",
    ),
    ShippedConfiguration(
        "icb-2024-04",
        "ICBs of April 2024",
        datetime.date(2024, 4, 1),
        "42 ICBs after the April 2024 boundary changes: NHS Surrey Heartlands and NHS "
        "Sussex took new codes.",
    ),
    ShippedConfiguration(
        "icb-2026-04",
        "ICBs of April 2026",
        datetime.date(2026, 4, 1),
        "36 ICBs after the mergers of 1 April 2026: 12 ICBs were abolished and 6 formed, "
        "and NHS Hampshire and Isle of Wight took a new code with a larger area.",
    ),
)


@dataclass(frozen=True)
class Shipped:
    file_name: str
    kind: str
    title: str
    period: str
    source: str
    licence: str
    notes: str
    current: bool = True
    lookup: str = ""  # file name of the lookup on the same boundaries (births, IMD)
    configuration: str = ""  # key of the ICB map a lookup describes
    period_short: str = ""
    period_end: datetime.date | None = None
    derived: bool = False


BIRTHS_PERIOD = (
    "1 July 2018 to 30 June 2019 (ONS mid-year estimate, not calendar-year registrations)"
)
BIRTHS_SHORT = "mid-2019 (year to 30 June 2019)"
BIRTHS_END = datetime.date(2019, 6, 30)
BIRTHS_SOURCE = (
    "Office for National Statistics (ONS), 'Estimates of the population for the UK, "
    "England and Wales, Scotland and Northern Ireland', mid-2019, table MYEB3 'Summary "
    "components of change series, UK' (births), April 2020 local authority boundaries. "
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
    "populationestimates/datasets/populationestimatesforukenglandandwalesscotlandand"
    "northernireland"
)
LOOKUP_2022_SOURCE = (
    "Office for National Statistics (ONS) Open Geography Portal, 'LSOA (2011) to Sub ICB "
    "Locations to Integrated Care Boards (July 2022) Lookup in England'. Each district's "
    "share is the toolkit's count of its LSOAs in the ICB divided by all its LSOAs."
)
LOOKUP_2024_SOURCE = (
    "Office for National Statistics (ONS) Open Geography Portal, 'LSOA (2021) to SICBL to "
    "ICB to Cancer Alliances to LAD (April 2024) Lookup in EN', with 'LSOA (2021) to "
    "Electoral Ward (2024) to LAD (2024) Best Fit Lookup in EW' for the districts. Shares "
    "counted by the toolkit as for July 2022."
)
LOOKUP_2026_SOURCE = (
    "Derived by the toolkit, not an official ONS file. Built LSOA by LSOA from the ONS "
    "April 2024 lookups (above), applying the ICB mergers of 1 April 2026 announced in the "
    "Written Ministerial Statement 'Integrated Care Boards: running costs and boundary "
    "alignment with strategic authorities' (HCWS915, 9 September 2025). NHS Frimley's "
    "area was allocated district by district from local published statements. To be "
    "replaced by the ONS 'LSOA (2021) to SICBL to ICB to NHSER to LAD (April 2026) Lookup "
    "in EN' when a copy can be obtained."
)
IMD_2019_SOURCE = (
    "Ministry of Housing, Communities and Local Government (MHCLG), 'English Indices of "
    "Deprivation 2019', File 10: Local Authority District Summaries (lower-tier), sheet "
    "IMD. https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"
)
IMD_2025_SOURCE = (
    "Ministry of Housing, Communities and Local Government (MHCLG), 'English Indices of "
    "Deprivation 2025', File 10: Local Authority District Summaries (lower-tier), v2 "
    "(corrected November 2025), sheet IMD. "
    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025"
)
IMD_NOT_COMPARABLE = (
    "IMD 2019 and IoD 2025 are on different geographies (2019 and 2024 districts, 2011 "
    "and 2021 small areas) and different indicators: MHCLG advise against comparing them, "
    "so the toolkit never puts one beside the other as a change."
)

# Lookups first: the births and IMD files are checked against them.
SHIPPED: tuple[Shipped, ...] = (
    Shipped(
        "la_to_icb.csv",
        "lookup_lad_icb",
        "Local authority district (2022) to ICB (July 2022)",
        "Boundaries as at July 2022",
        LOOKUP_2022_SOURCE,
        OGL,
        "309 districts, 42 ICBs. 12 districts are split between ICBs (e.g. Buckinghamshire, "
        "East Suffolk 50/50). The share counts LSOAs, a stand-in for population; it is "
        "not a share of births.",
        current=False,
        configuration="icb-2022-07",
    ),
    Shipped(
        "la_to_icb_2024.csv",
        "lookup_lad_icb",
        "Local authority district (2024) to ICB (April 2024)",
        "Boundaries as at April 2024",
        LOOKUP_2024_SOURCE,
        OGL,
        "296 districts, 42 ICBs. NHS Surrey Heartlands is E54000063 here and E54000052 in "
        "2022; NHS Sussex is E54000064 here and E54000053 in 2022.",
        current=False,
        configuration="icb-2024-04",
    ),
    Shipped(
        "la_to_icb_2026_derived.csv",
        "lookup_lad_icb",
        "Local authority district (2024) to ICB (April 2026), derived",
        "Boundaries from 1 April 2026",
        LOOKUP_2026_SOURCE,
        f"Inputs: {OGL} (ONS). The derivation is the toolkit's.",
        "296 districts, 36 ICBs. Derived: it matches every published fact about the official "
        "file that could be checked (36 ICBs; 10,207 LSOAs changing ICB), but the codes "
        "E54000066, E54000068, E54000069 and E54000070 and NHS Frimley's allocation are "
        "still to be confirmed against the ONS file. Six districts are split between ICBs "
        "(e.g. Buckinghamshire, North Yorkshire).",
        configuration="icb-2026-04",
        derived=True,
    ),
    Shipped(
        "utla_to_icb.csv",
        "lookup_utla_icb",
        "Upper-tier local authority (2021) to ICB (July 2022)",
        "Boundaries as at July 2022 (upper-tier authorities as at April 2021)",
        LOOKUP_2022_SOURCE + " Each LSOA's district is first mapped to its upper-tier "
        "authority with the ONS 'Lower Tier Local Authority to Upper Tier Local Authority "
        "(April 2021) Lookup in England and Wales'.",
        OGL,
        "152 upper-tier authorities, 42 ICBs; 10 are split between ICBs. North Yorkshire's "
        "shares add up to 0.9999 (rounding). No upper-tier lookup for April 2026 exists "
        "yet: county pages show the July 2022 ICBs.",
        configuration="icb-2022-07",
    ),
    Shipped(
        "births_by_local_authority.csv",
        "births_lad",
        "Live births by local authority district (2022 boundaries), mid-2019",
        BIRTHS_PERIOD,
        BIRTHS_SOURCE,
        OGL,
        "Births component of the mid-year estimates, not calendar-year registrations. "
        "England total 617,939. On LAD 2021/22 codes (Northamptonshire's former districts "
        "moved onto the 2021 unitary codes, which is exact).",
        current=False,
        lookup="la_to_icb.csv",
        period_short=BIRTHS_SHORT,
        period_end=BIRTHS_END,
    ),
    Shipped(
        "births_by_local_authority_lad2024.csv",
        "births_lad",
        "Live births by local authority district (2024 boundaries), mid-2019",
        BIRTHS_PERIOD,
        BIRTHS_SOURCE,
        OGL,
        "The same mid-2019 births on LAD 2024 codes: Cumberland, Westmorland and Furness, "
        "North Yorkshire and Somerset are the exact sums of the districts merged into them "
        "on 1 April 2023. England total 617,939. No newer district births could be "
        "obtained.",
        lookup="la_to_icb_2026_derived.csv",
        period_short=BIRTHS_SHORT,
        period_end=BIRTHS_END,
    ),
    Shipped(
        "births_by_upper_tier_local_authority.csv",
        "births_utla",
        "Live births by upper-tier local authority (2021 boundaries), mid-2019",
        BIRTHS_PERIOD,
        BIRTHS_SOURCE + " Districts added up to upper-tier authorities with the ONS "
        "'Lower Tier Local Authority to Upper Tier Local Authority (April 2021)' lookup.",
        OGL,
        "Same births as the district file, England total 617,939. Cumbria, North "
        "Yorkshire and Somerset are shown as in 2021 (reorganised April 2023).",
        lookup="utla_to_icb.csv",
        period_short=BIRTHS_SHORT,
        period_end=BIRTHS_END,
    ),
    Shipped(
        "imd2019_by_local_authority.csv",
        "imd_lad",
        "Index of Multiple Deprivation 2019, local authority district summaries",
        "IMD 2019 (indicators mostly 2015/16), districts as at 2019",
        IMD_2019_SOURCE,
        OGL,
        "History: superseded by IoD 2025. 317 districts on 2019 boundaries. The rank of "
        "average score is derived by the toolkit (1 = most deprived, ties take the lowest "
        "rank). " + IMD_NOT_COMPARABLE,
        current=False,
    ),
    Shipped(
        "imd2025_by_local_authority.csv",
        "imd_lad",
        "English Indices of Deprivation 2025, local authority district summaries",
        "IoD 2025 (indicators mostly 2022 to 2024), districts as at 2024",
        IMD_2025_SOURCE,
        OGL,
        "296 districts on 2024 boundaries, official MHCLG values including the rank of "
        "average score (1 = most deprived). " + IMD_NOT_COMPARABLE,
        lookup="la_to_icb_2026_derived.csv",
    ),
)

CHANGES_FILE = "icb_changes.csv"

# Districts abolished since 2019 -> (the authority that replaced it, the day it did).
FORMER_DISTRICTS: dict[str, tuple[str, datetime.date]] = {
    "E07000004": ("E06000060", datetime.date(2020, 4, 1)),  # Aylesbury Vale
    "E07000005": ("E06000060", datetime.date(2020, 4, 1)),  # Chiltern
    "E07000006": ("E06000060", datetime.date(2020, 4, 1)),  # South Bucks
    "E07000007": ("E06000060", datetime.date(2020, 4, 1)),  # Wycombe
    "E07000150": ("E06000061", datetime.date(2021, 4, 1)),  # Corby
    "E07000152": ("E06000061", datetime.date(2021, 4, 1)),  # East Northamptonshire
    "E07000153": ("E06000061", datetime.date(2021, 4, 1)),  # Kettering
    "E07000156": ("E06000061", datetime.date(2021, 4, 1)),  # Wellingborough
    "E07000151": ("E06000062", datetime.date(2021, 4, 1)),  # Daventry
    "E07000154": ("E06000062", datetime.date(2021, 4, 1)),  # Northampton
    "E07000155": ("E06000062", datetime.date(2021, 4, 1)),  # South Northamptonshire
} | {
    old: (new, datetime.date.fromisoformat(FORMED_2023))
    for new, olds in MERGERS_2023.items()
    for old in olds
}
