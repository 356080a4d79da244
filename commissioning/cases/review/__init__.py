"""Partner review and sign-off of a business case: sharing a case with named people
(``sharing``), comments on its sections (``comments``), sign-off and the decision
record (``signoff``), and their pages (``views_*``). Who may do what is
``accounts.permissions`` (Work.CASE), asked through ``cases.access.case_roles``."""
