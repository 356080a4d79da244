"""Additions to the authorisation matrix from later parts of the assessment app
(results, plans and exports; people and consensus). Each part adds its route
arguments, member/admin expectations and the rows whose counts must not change."""

# Routes exempt from the matrix (argument is not an object id), with the reason.
EXEMPT: dict[str, str] = {}
# Assessment routes plain members may use are all routes not in ADMIN_ROUTES.
MEMBER_ROUTES: set[str] = set()
ADMIN_ROUTES: set[str] = set()


def extra_world(*, assessment, user) -> dict[str, dict]:
    """Objects the new routes name, as {namespace: {argument: value}}."""
    return {}


def state() -> tuple:
    """Counts that an outsider's or anonymous request must leave unchanged."""
    return ()
