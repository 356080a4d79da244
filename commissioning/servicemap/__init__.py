"""The local service map: what parent-infant relationship support an area has now,
by level and sector, with the gaps, for the self-assessment and the business case."""
