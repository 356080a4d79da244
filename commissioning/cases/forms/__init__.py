"""Forms for the case builders: number fields with one input convention each
(fields.py), questions that record where each figure comes from (inputs.py) and the
builder's pages (questions.py)."""
