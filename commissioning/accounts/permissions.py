"""Who may do what on shared work: the one written rule.

Shared work is an assessment, a business case or a service map. It belongs to one
organisation. A person holds one or more *roles* on one piece of work; the table
``RULES`` says which roles may take each *action*. Everything else is refused:
someone with no role (an outsider) gets 404, so not even the work's existence leaks;
someone who can see the work but may not take an action gets 403 with a message
saying who can.

This module is pure: it knows nothing of the database. Each app works out the roles a
user holds on one piece of work (``assessment.access``, ``cases.access``,
``servicemap.access``) and asks ``may`` or ``allowed`` here. State rules (a submitted
assessment cannot be rated; an approved case version cannot be edited; an approver
cannot be the person who asked for sign-off) live with the services that change the
state, not here: this table is about people, not about the work's state.

The roles:

- ``ADMIN``: an admin of the owning organisation.
- ``MEMBER``: any member of the owning organisation (admins are members too).
- ``STARTER``: the member who started this piece of work, while still a member (so
  always held with ``MEMBER``).
- ``FACILITATOR``: invited into an assessment to facilitate (record agreed ratings).
- ``RATER``: invited into an assessment to rate it.
- ``CONTRIBUTOR``: invited into a service map to add and edit services.
- ``REVIEWER``: invited into a case to read it and comment.
- ``CO_EDITOR``: invited into a case to edit it with its owners.
- ``SIGNOFF_REVIEWER``: named as a required reviewer on a case's open sign-off request.
- ``APPROVER``: named as the approver (the senior responsible owner) on a case's
  open sign-off request.

People invited from outside hold only their invited role: they see that one piece of
work and nothing else of the organisation. Losing the role (removed, or the invitation
withdrawn) loses access at once, because roles are worked out on every request.
"""

from enum import StrEnum


class Work(StrEnum):
    ASSESSMENT = "assessment"
    CASE = "case"
    SERVICE_MAP = "service map"


class Role(StrEnum):
    ADMIN = "organisation admin"
    MEMBER = "organisation member"
    STARTER = "who started it"
    FACILITATOR = "invited facilitator"
    RATER = "invited rater"
    CONTRIBUTOR = "invited contributor"
    REVIEWER = "invited reviewer"
    CO_EDITOR = "invited co-editor"
    SIGNOFF_REVIEWER = "required reviewer"
    APPROVER = "approver"


class Action(StrEnum):
    VIEW = "see it and download its documents"
    RATE = "answer questions"
    SUBMIT = "submit it"
    REOPEN = "reopen it as a new copy"
    EDIT_PLAN = "change the action plan"
    CHANGE_AREA = "move it to the current area map"
    RECORD_CONSENSUS = "record agreed ratings"
    INVITE = "invite and remove people"
    EDIT = "change its content"
    DUPLICATE = "copy it within the organisation"
    COMMENT = "comment and reply"
    RESOLVE_COMMENT = "resolve comments"
    REQUEST_SIGNOFF = "ask for sign-off"
    REVIEW = "record a review (content agreed or changes needed)"
    DECIDE = "record the decision (approve or return)"
    DELETE = "delete it"


_ORG = frozenset({Role.ADMIN, Role.MEMBER})
_OWNERS = frozenset({Role.ADMIN, Role.STARTER})

_ASSESSMENT_PEOPLE = _ORG | {Role.FACILITATOR, Role.RATER}
_CASE_READERS = _ORG | {Role.REVIEWER, Role.CO_EDITOR, Role.SIGNOFF_REVIEWER, Role.APPROVER}
_CASE_EDITORS = _ORG | {Role.CO_EDITOR}
_MAP_PEOPLE = _ORG | {Role.CONTRIBUTOR}

RULES: dict[Work, dict[Action, frozenset[Role]]] = {
    Work.ASSESSMENT: {
        Action.VIEW: _ASSESSMENT_PEOPLE,
        Action.RATE: _ASSESSMENT_PEOPLE,
        # The owning organisation decides when its assessment is finished; a
        # facilitator runs the group's session and may close it too.
        Action.SUBMIT: _ORG | {Role.FACILITATOR},
        # A reopened copy belongs to the organisation: only its members make one.
        Action.REOPEN: _ORG,
        Action.EDIT_PLAN: _ORG,
        Action.RECORD_CONSENSUS: frozenset({Role.ADMIN, Role.FACILITATOR}),
        # The facilitator keeps the assessment's details right for the group.
        Action.CHANGE_AREA: frozenset({Role.ADMIN, Role.FACILITATOR}),
        Action.INVITE: frozenset({Role.ADMIN, Role.FACILITATOR}),
        Action.DELETE: _OWNERS,
    },
    Work.CASE: {
        Action.VIEW: _CASE_READERS,
        Action.EDIT: _CASE_EDITORS,
        Action.DUPLICATE: _ORG,
        Action.COMMENT: _CASE_READERS,
        Action.RESOLVE_COMMENT: _CASE_EDITORS,
        Action.INVITE: _OWNERS,
        Action.REQUEST_SIGNOFF: _OWNERS,
        Action.REVIEW: frozenset({Role.SIGNOFF_REVIEWER}),
        Action.DECIDE: frozenset({Role.APPROVER}),
        Action.DELETE: _OWNERS,
    },
    Work.SERVICE_MAP: {
        Action.VIEW: _MAP_PEOPLE,
        Action.EDIT: _MAP_PEOPLE,
        Action.INVITE: _ORG,
        Action.DELETE: _OWNERS,
    },
}


def may(work: Work, action: Action, roles: frozenset[Role]) -> bool:
    """Whether someone holding ``roles`` on a piece of ``work`` may take ``action``.
    An action the table does not list for that kind of work is refused to everyone."""
    return not roles.isdisjoint(RULES[work].get(action, frozenset()))


def allowed(work: Work, roles: frozenset[Role]) -> frozenset[Action]:
    """Every action someone holding ``roles`` may take on ``work`` (for templates:
    show only the buttons that will work)."""
    return frozenset(action for action, holders in RULES[work].items() if roles & holders)


def holders(work: Work, action: Action) -> frozenset[Role]:
    """The roles that may take ``action`` on ``work`` (for messages and the docs)."""
    return RULES[work].get(action, frozenset())


# How a refusal names each role, in the order it names them.
_WHO: dict[Role, str] = {
    Role.STARTER: "the person who started this {work}",
    Role.ADMIN: "an admin of the organisation that owns {it}",
    Role.MEMBER: "a member of the organisation that owns {it}",
    Role.FACILITATOR: "an invited facilitator",
    Role.RATER: "an invited rater",
    Role.CONTRIBUTOR: "an invited contributor",
    Role.CO_EDITOR: "an invited co-editor",
    Role.REVIEWER: "an invited reviewer",
    Role.SIGNOFF_REVIEWER: "a required reviewer",
    Role.APPROVER: "the approver",
}


def refusal(work: Work, action: Action) -> str:
    """The message for someone who may see ``work`` but not take ``action``: who can.

    For deleting a case: "Only the person who started this case or an admin of the
    organisation that owns it can delete it."
    """
    roles = holders(work, action)
    if Role.MEMBER in roles:  # admins are members: name the wider group only
        roles = roles - {Role.ADMIN}
    if not roles:
        return f"Nobody can {action.value}."
    names = []
    it = f"this {work.value}"
    for role in _WHO:
        if role in roles:
            names.append(_WHO[role].format(work=work.value, it=it))
            it = "it"
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"Only {who} can {action.value}."
