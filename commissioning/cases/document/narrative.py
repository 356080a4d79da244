"""The commissioner's free-text sections of the business case and their guidance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_NARRATIVE = 20_000  # characters in one narrative section

# (key, title, guidance prompt). The key's first word names the part of the document
# the section belongs to ("summary" is the executive summary).
NARRATIVE_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "summary_recommendation",
        "Recommendation",
        "Say what decision you are asking for: what you want funded, for how long, at "
        "what cost, and why now. Two or three sentences a busy board member can act on.",
    ),
    (
        "strategic_need",
        "Need and case for change",
        "Describe the local need: how many families are affected, what help they get now, "
        "where the gaps are and what happens to babies and parents when the gaps are not "
        "filled. Use local figures (JSNA, health visiting data, perinatal mental health "
        "referrals) where you have them.",
    ),
    (
        "strategic_policy",
        "Fit with national and local policy",
        "Explain how the service supports the policies that apply to you, for example "
        "your area's Best Start local plan and Best Start Family Hubs, Healthy Babies "
        "(formerly Start for Life) if your area has it, the 10 Year Health Plan and your "
        "ICB's strategic commissioning plan, perinatal and infant mental health services, "
        "and your local health and wellbeing strategy or neighbourhood health plan. Only "
        "name the policies you can show a link to.",
    ),
    (
        "strategic_objectives",
        "Objectives",
        "List what the service must achieve, in terms you can measure: for example the "
        "number of families seen each year, waiting times, and the outcomes for babies "
        "and parents you expect to change.",
    ),
    (
        "economic_options",
        "Options considered",
        "List the options you looked at (always including doing nothing, and usually a "
        "smaller or lighter-touch option) and say why each was kept or rejected.",
    ),
    (
        "commercial_procurement",
        "Procurement route",
        "Say how the service will be bought or provided: for example a contract awarded "
        "under the rules that apply to your organisation, a grant, an extension of an "
        "existing contract, or delivery in house. Say why this route fits, and check it "
        "with your procurement team.",
    ),
    (
        "commercial_market",
        "Provider market",
        "Describe who could provide the service (NHS trusts, voluntary sector, local "
        "authority teams), whether they have the specialist staff, and how you know.",
    ),
    (
        "commercial_contract",
        "Contract and payment",
        "Set out the contract length, how the provider will be paid, the key performance "
        "indicators, how staff and data will be handled, and what happens at the end.",
    ),
    (
        "financial_funding",
        "Funding sources",
        "Name who will pay for the service and how much, whether each source is "
        "confirmed, and any pooled or joint budgets between the NHS and the local "
        "authority.",
    ),
    (
        "financial_affordability",
        "Affordability",
        "Explain how the cost fits within budgets each year, what happens when any "
        "time-limited funding ends, and which savings are cash the funders can release "
        "and which are not.",
    ),
    (
        "management_delivery",
        "Delivery plan",
        "Give the main milestones: recruitment, training, referral pathways, first "
        "families seen and full capacity. Say who is responsible for each.",
    ),
    (
        "management_governance",
        "Governance",
        "Say which board or group will oversee the service, who the senior responsible "
        "owner is, how often progress will be reported and how parents' voices are heard.",
    ),
    (
        "management_risks",
        "Risks and mitigations",
        "List the main risks (for example recruiting specialist staff, low referrals, "
        "funding ending) with how likely they are, their impact and what you will do.",
    ),
    (
        "management_evaluation",
        "Evaluation and outcome measures",
        "Describe how you will know whether the service works: the outcome measures you "
        "will collect, when, and who will analyse them. Start with the assumptions the "
        "value-for-money result is most sensitive to (listed below).",
    ),
)
NARRATIVE_KEYS = frozenset(key for key, _, _ in NARRATIVE_SECTIONS)


def narrative_sections(narrative: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every narrative section, in order, with the text written for it ("" if none).
    Unknown keys and non-text values are ignored; text is trimmed and capped."""
    sections = {}
    for key, title, guidance in NARRATIVE_SECTIONS:
        raw = narrative.get(key) if isinstance(narrative, Mapping) else None
        text = raw.strip()[:MAX_NARRATIVE] if isinstance(raw, str) else ""
        sections[key] = {
            "key": key,
            "part": key.split("_", 1)[0],
            "title": title,
            "guidance": guidance,
            "text": text,
            "written": bool(text),
        }
    return sections


def _part(sections: Mapping[str, dict[str, Any]], part: str) -> list[dict[str, Any]]:
    return [s for s in sections.values() if s["part"] == part]
