"""Dated legal rules: values that change with the law, looked up by date.

A rule is evaluated at the date the law ties it to (for the Schonfrist: the date
the termination was received; for energy cuts: the date of the threat). Drafts
are recorded with ``enacted=False`` and are never returned by ``rule_on``; when a
reform is enacted, set its ``valid_from`` and ``enacted=True`` and close the
previous version with ``valid_to``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RuleVersion:
    """One version of a rule, in force from ``valid_from`` to ``valid_to`` inclusive."""

    key: str
    value: object
    valid_from: date
    valid_to: date | None
    source: str
    enacted: bool = True
    verified: bool = True  # False: the organisation must confirm (DOMAIN.md "confirm")

    def applies_on(self, day: date) -> bool:
        """True if this version is enacted and in force on ``day``."""
        if not self.enacted or day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


# Mietrechtsreformgesetz, in force 1 Sep 2001: two-month Schonfrist (before: one month).
_MIETRECHTSREFORM = date(2001, 9, 1)
# StromGVV/GasGVV first in force 8 Nov 2006; amended with effect from 1 Dec 2021.
_GVV_2006 = date(2006, 11, 8)
_GVV_2021 = date(2021, 12, 1)
_GVV_2006_LAST_DAY = date(2021, 11, 30)
_DRAFT = date(9999, 12, 31)  # placeholder until a draft is enacted

RULES: tuple[RuleVersion, ...] = (
    RuleVersion("schonfrist_months", 2, _MIETRECHTSREFORM, None, "§ 569(3) Nr. 2 S. 1 BGB"),
    RuleVersion("schonfrist_repeat_exclusion_years", 2, _MIETRECHTSREFORM, None,
                "§ 569(3) Nr. 2 S. 2 BGB"),
    RuleVersion("schonfrist_heals_ordinary_termination", False, _MIETRECHTSREFORM, None,
                "§ 569(3) Nr. 2 BGB; BGH VIII ZR 231/17 (19 Sep 2018)"),
    RuleVersion("schonfrist_heals_ordinary_termination", True, _DRAFT, None,
                "Draft amendment of § 569(3) BGB (only a draft in Feb 2026)", enacted=False),
    RuleVersion("schonfrist_starts_at_service_on", "last", _MIETRECHTSREFORM, None,
                "§ 569(3) Nr. 2 BGB with §§ 253(1), 261(1) ZPO (confirm)", verified=False),
    RuleVersion("energy_cut_min_arrears_cents", 10_000, _GVV_2006, None,
                "§ 19(2) StromGVV/GasGVV"),
    RuleVersion("energy_cut_instalment_multiple", None, _GVV_2006, _GVV_2006_LAST_DAY,
                "§ 19(2) StromGVV/GasGVV 2006 (100 € only)"),
    RuleVersion("energy_cut_instalment_multiple", 2, _GVV_2021, None,
                "§ 19(2) StromGVV/GasGVV as amended 2021"),
    RuleVersion("energy_cut_annual_bill_divisor", None, _GVV_2006, _GVV_2006_LAST_DAY,
                "§ 19(2) StromGVV/GasGVV 2006 (100 € only)"),
    RuleVersion("energy_cut_annual_bill_divisor", 6, _GVV_2021, None,
                "§ 19(2) StromGVV/GasGVV as amended 2021"),
    RuleVersion("energy_cut_threat_weeks", 4, _GVV_2006, None, "§ 19(2) S. 1 StromGVV/GasGVV"),
    RuleVersion("energy_cut_announcement_werktage", 3, _GVV_2006, _GVV_2006_LAST_DAY,
                "§ 19(3) StromGVV/GasGVV 2006"),
    RuleVersion("energy_cut_announcement_werktage", 8, _GVV_2021, None,
                "§ 19(4) StromGVV/GasGVV as amended 2021"),
)


class RuleNotFound(LookupError):
    """No enacted version of a rule is in force on the asked date."""


def rule_on(key: str, day: date, rules: tuple[RuleVersion, ...] = RULES) -> RuleVersion:
    """The version of rule ``key`` in force on ``day``; raises ``RuleNotFound``."""
    matches = [rule for rule in rules if rule.key == key and rule.applies_on(day)]
    if len(matches) != 1:
        raise RuleNotFound(f"{len(matches)} versions of {key!r} in force on {day.isoformat()}")
    return matches[0]


def rule_value(key: str, day: date, rules: tuple[RuleVersion, ...] = RULES) -> object:
    """Shortcut for ``rule_on(key, day).value``."""
    return rule_on(key, day, rules).value


def drafts(key: str, rules: tuple[RuleVersion, ...] = RULES) -> tuple[RuleVersion, ...]:
    """Recorded drafts of rule ``key`` (not law; for "what if" notes only)."""
    return tuple(rule for rule in rules if rule.key == key and not rule.enacted)
