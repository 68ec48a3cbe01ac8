"""Who may do what, as plain functions of a person's roles (no Flask, no database).

The web layer's access functions call these; every route and every sync mutation goes through
one of them. A person holds one or more of worker, supervisor, admin; partner is exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass

STAFF_ROLES = frozenset({"worker", "supervisor", "admin"})
ROLES = STAFF_ROLES | {"partner"}


class RoleError(ValueError):
    """An impossible combination of roles."""


def validate_roles(roles: set[str] | frozenset[str], organisation_id: str | None) -> frozenset[str]:
    roles = frozenset(roles)
    unknown = roles - ROLES
    if unknown:
        raise RoleError(f"unknown role: {', '.join(sorted(unknown))}")
    if not roles:
        raise RoleError("a person needs at least one role")
    if "partner" in roles and len(roles) > 1:
        raise RoleError("partner cannot be combined with another role")
    if "partner" in roles and not organisation_id:
        raise RoleError("a partner belongs to a partner organisation")
    return roles


@dataclass(frozen=True)
class Actor:
    id: str
    roles: frozenset[str]
    team_id: str | None = None
    organisation_id: str | None = None

    def has(self, role: str) -> bool:
        return role in self.roles


def may_administer(actor: Actor) -> bool:
    return actor.has("admin")


def may_manage_own_passkeys(actor: Actor) -> bool:
    return bool(actor.roles)


def may_see_audit_log(actor: Actor) -> bool:
    return actor.has("admin")


@dataclass(frozen=True)
class CaseAccess:
    read: bool = False
    write: bool = False
    assign: bool = False

    @property
    def none(self) -> bool:
        return not self.read


def case_access(actor: Actor, team_id: str | None, assigned_worker_id: str | None) -> CaseAccess:
    """Workers: their assigned cases. Supervisors: their team's cases (and may assign).
    Admins and partners: no case content (partners see their referrals' receipt only)."""
    if actor.has("supervisor") and team_id is not None and team_id == actor.team_id:
        return CaseAccess(read=True, write=True, assign=True)
    if actor.has("worker") and assigned_worker_id == actor.id:
        return CaseAccess(read=True, write=True)
    return CaseAccess()


def may_submit_referral(actor: Actor) -> bool:
    return actor.has("partner") and actor.organisation_id is not None


def may_triage_referrals(actor: Actor) -> bool:
    return actor.has("supervisor")


def may_see_caseload(actor: Actor) -> bool:
    return actor.has("worker") or actor.has("supervisor")


def may_see_statistics(actor: Actor) -> bool:
    """Aggregated figures for any team and period (supervisors watch their team, admins report)."""
    return actor.has("supervisor") or actor.has("admin")


def may_see_own_effort(actor: Actor) -> bool:
    """A worker's (or supervisor's) own recorded time per month."""
    return actor.has("worker") or actor.has("supervisor")


def may_export_case_records(actor: Actor) -> bool:
    """The DzW-style anonymised per-case record set: admins only (audited)."""
    return actor.has("admin")


def may_handle_tenant_rights(actor: Actor, case_team_id: str | None) -> bool:
    """A tenant's access, erasure, rectification and a legal hold (issue 23): an administrator, or
    the supervisor of the case's team — not the worker who keeps the file."""
    return actor.has("admin") or (actor.has("supervisor") and bool(actor.team_id) and actor.team_id == case_team_id)


def may_see_partner_statistics(actor: Actor) -> bool:
    return actor.has("partner") and actor.organisation_id is not None


# Separation of duties (issue 23): what one administrator may not grant alone.
GUARDED_ROLES = frozenset({"supervisor", "admin"})


def grant_needs_second_admin(actor_id: str, person_id: str, *, roles_before=frozenset(), roles_after=frozenset(),
                             team_before: str | None = None, team_after: str | None = None) -> bool:
    """Granting the supervisor or admin role, adding someone to a team (or moving them to
    another), or granting oneself anything at all needs a second administrator. Taking something
    away (a role, a team) does not: it cannot open anything."""
    added_roles = frozenset(roles_after) - frozenset(roles_before)
    joins_team = team_after is not None and team_after != team_before
    if actor_id == person_id and (added_roles or joins_team):
        return True
    return bool(added_roles & GUARDED_ROLES) or joins_team


def may_decide_grant(actor_id: str, requested_by: str | None, person_id: str) -> bool:
    """Not the one who asked, and not the one who would receive it."""
    return actor_id not in (requested_by, person_id)
