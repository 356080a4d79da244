"""The fixed vocabulary of the service map (pure constants, no Django).

Levels and sectors follow the Parent-Infant Foundation's local service mapping
exercise, which walks an area sector by sector through the universal, targeted and
specialist support it has (Parent-Infant Foundation, "Service mapping tool",
https://parentinfantfoundation.org.uk/tools/mapping-tool).
"""

from typing import Final

LEVELS: Final[tuple[tuple[str, str], ...]] = (
    ("universal", "Universal"),
    ("targeted", "Targeted"),
    ("specialist", "Specialist"),
)

LEVEL_HINTS: Final[dict[str, str]] = {
    "universal": "Offered to every family, such as health visitor contacts.",
    "targeted": "For families with extra needs or risks, such as a parenting group for "
    "parents with low mood.",
    "specialist": "Therapeutic help where difficulties are severe, complex or lasting.",
}

SECTORS: Final[tuple[tuple[str, str], ...]] = (
    ("health_visiting", "Health visiting"),
    ("midwifery", "Midwifery"),
    ("perinatal_mh", "Perinatal mental health"),
    ("camhs_imh", "CAMHS and infant mental health"),
    ("social_care", "Children's social care"),
    ("family_hubs", "Family hubs and children's centres"),
    ("vcs", "Voluntary and community sector"),
    ("other", "Other"),
)

FUNDING_ROUTES: Final[tuple[tuple[str, str], ...]] = (
    ("recurrent", "Recurrent (core) funding"),
    ("fixed_term", "Fixed-term or pilot funding"),
    ("grant", "Grant or charitable funding"),
    ("mixed", "A mix of routes"),
    ("unknown", "Not known"),
)

# Routes that end unless someone renews them: flagged even without an end date.
TIME_LIMITED_ROUTES: Final[frozenset[str]] = frozenset({"fixed_term", "grant"})

# Funding that ends within this many months is flagged as at risk.
FUNDING_HORIZON_MONTHS: Final = 24

LEVEL_LABELS: Final = dict(LEVELS)
SECTOR_LABELS: Final = dict(SECTORS)
FUNDING_LABELS: Final = dict(FUNDING_ROUTES)
LEVEL_CODES: Final = tuple(code for code, _ in LEVELS)
SECTOR_CODES: Final = tuple(code for code, _ in SECTORS)

# The definition the "specialised team" box refers to, in the toolkit's own words.
SPECIALISED_TEAM_DEFINITION: Final = (
    "A specialised parent-infant relationship team, as the Parent-Infant Foundation "
    "defines one, is a multidisciplinary team with clinical leadership, including mental "
    "health professionals with parent-infant therapeutic expertise. It works with families "
    "from pregnancy to the child's second birthday, takes referrals against set criteria, "
    "assesses and works therapeutically with parent and baby together, gives its "
    "practitioners regular reflective supervision apart from line management, trains and "
    "advises the wider early-years workforce, and measures its outcomes."
)
SPECIALISED_TEAM_SOURCE: Final = (
    "Parent-Infant Foundation, Self-audit tool for specialised parent-infant relationship "
    "teams (definition first set out in Hogg S, Rare Jewels: specialised parent-infant "
    "relationship teams in the UK, Parent Infant Partnership UK, 2019). "
    "https://parentinfantfoundation.org.uk/tools/self-audit-tool"
)
