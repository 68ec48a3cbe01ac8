"""Separation of duties: what one administrator may not grant alone, and who decides."""

from outreach.domain.permissions import grant_needs_second_admin, may_decide_grant


def test_guarded_roles_teams_and_anything_for_oneself_need_a_second_admin():
    assert grant_needs_second_admin("a", "b", roles_before={"worker"}, roles_after={"worker", "supervisor"})
    assert grant_needs_second_admin("a", "b", roles_before={"worker"}, roles_after={"admin", "worker"})
    assert not grant_needs_second_admin("a", "b", roles_before={"supervisor"}, roles_after={"worker", "supervisor"})
    assert grant_needs_second_admin("a", "a", roles_before={"admin"}, roles_after={"admin", "worker"})
    assert grant_needs_second_admin("a", "b", team_before=None, team_after="t1")
    assert grant_needs_second_admin("a", "b", team_before="t1", team_after="t2")
    assert grant_needs_second_admin("a", "a", team_before=None, team_after="t1")


def test_taking_away_is_never_held_back():
    assert not grant_needs_second_admin("a", "b", roles_before={"worker", "supervisor"}, roles_after={"worker"})
    assert not grant_needs_second_admin("a", "a", roles_before={"admin", "supervisor"}, roles_after={"admin"})
    assert not grant_needs_second_admin("a", "b", team_before="t1", team_after=None)
    assert not grant_needs_second_admin("a", "b", team_before="t1", team_after="t1")


def test_neither_the_one_who_asked_nor_the_one_it_is_for_decides():
    assert may_decide_grant("c", "a", "b")
    assert not may_decide_grant("a", "a", "b") and not may_decide_grant("b", "a", "b")
    assert may_decide_grant("c", None, "b")  # asked on the server
