"""The one rule for shared work (``accounts.permissions``): worked examples and
properties of the table."""

from hypothesis import given
from hypothesis import strategies as st

from commissioning.accounts.permissions import RULES, Action, Role, Work, allowed, holders, may

ROLES = st.frozensets(st.sampled_from(list(Role)))


def test_an_invited_rater_rates_but_never_touches_the_plan_submits_or_reopens():
    rater = frozenset({Role.RATER})
    assert may(Work.ASSESSMENT, Action.RATE, rater)
    for action in (Action.EDIT_PLAN, Action.SUBMIT, Action.REOPEN, Action.DELETE):
        assert not may(Work.ASSESSMENT, action, rater)


def test_a_reviewer_reads_and_comments_but_does_not_edit_or_decide():
    reviewer = frozenset({Role.REVIEWER})
    assert may(Work.CASE, Action.VIEW, reviewer)
    assert may(Work.CASE, Action.COMMENT, reviewer)
    assert not may(Work.CASE, Action.EDIT, reviewer)
    assert not may(Work.CASE, Action.DECIDE, reviewer)
    assert not may(Work.CASE, Action.DUPLICATE, reviewer)


def test_only_the_named_approver_decides_and_only_the_starter_or_an_admin_deletes():
    assert holders(Work.CASE, Action.DECIDE) == {Role.APPROVER}
    assert not may(Work.CASE, Action.DELETE, frozenset({Role.MEMBER}))
    assert may(Work.CASE, Action.DELETE, frozenset({Role.MEMBER, Role.STARTER}))


def test_an_action_the_table_does_not_list_is_refused():
    assert not may(Work.SERVICE_MAP, Action.DECIDE, frozenset(Role))


@given(ROLES)
def test_an_outsider_may_do_nothing_and_every_action_needs_sight(roles):
    if Role.STARTER in roles:  # who started it is always a member too
        roles = roles | {Role.MEMBER}
    for work in Work:
        assert allowed(work, frozenset()) == frozenset()
        actions = allowed(work, roles)
        if actions:
            assert Action.VIEW in actions


@given(ROLES, ROLES)
def test_more_roles_never_take_an_action_away(some, more):
    for work in Work:
        assert allowed(work, some) <= allowed(work, some | more)


def test_every_kind_of_work_lists_who_may_see_it():
    for work in Work:
        assert Action.VIEW in RULES[work]
