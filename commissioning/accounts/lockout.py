"""Who a failed sign-in counts against: the normalised email address.

django-axes locks out after ``AXES_FAILURE_LIMIT`` failures for one username from one
address. Sign-in matches the email without regard to case (``UserManager``), so the
lockout must too: otherwise "Ann@x.org", "ANN@x.org" and "ann@x.org " would each get
their own guesses, and a success in any spelling would not meet the failures recorded
under another. ``AXES_USERNAME_CALLABLE`` points here; axes calls it for failures, for
the lockout check and for the reset after a successful sign-in (with the account's
stored address), so all three use the same trimmed, case-folded key.
"""

from django.http import HttpRequest

# The longest address the accounts table holds; the lockout's records are no longer.
LONGEST = 254


def normalised_address(value: object) -> str:
    """The address as the lockout counts it: trimmed and case-folded ("" if absent), and
    cut to the longest address an account can have, so a hostile 100,000-character
    "address" is counted (and fits the lockout's records) like any other."""
    return value.strip().casefold()[:LONGEST] if isinstance(value, str) else ""


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    if credentials:
        return normalised_address(credentials.get("username"))
    data = getattr(request, "data", None) or request.POST
    return normalised_address(data.get("username"))
