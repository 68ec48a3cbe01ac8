"""Deadline engine: pure functions deriving legal dates of a case (no Flask, no clock).

See docs/deadlines.md for each rule, its source and worked examples.
"""

from outreach.domain.deadlines.alerts import (
    CaseKeyDates,
    Deadline,
    classify_alert,
    collect_deadlines,
)
from outreach.domain.deadlines.arrears import ArrearsThreshold, arrears_threshold
from outreach.domain.deadlines.contact import (
    FirstContactStandard,
    FirstContactStatus,
    first_contact_status,
)
from outreach.domain.deadlines.court import (
    BailiffNoticeCheck,
    check_bailiff_notice,
    defence_notice_deadline,
    einspruch_deadline,
    eviction_protection_deadline,
    raeumungsfrist_extension_deadline,
    raeumungsfrist_limit,
    settlement_raeumungsfrist_deadline,
    settlement_raeumungsfrist_limit,
)
from outreach.domain.deadlines.energy import (
    EnergyCutCheck,
    EnergyCutWindow,
    earliest_cut,
    energy_cut_allowed,
)
from outreach.domain.deadlines.periods import (
    FilingDeadline,
    extend_to_working_day,
    filing_deadline_before,
    period_end_months,
    period_end_weeks,
)
from outreach.domain.deadlines.schonfrist import (
    HealingAmount,
    Schonfrist,
    healing_amount,
    schonfrist_available,
    schonfrist_end,
)
from outreach.domain.deadlines.tenancy import (
    LedgerMonth,
    gross_monthly_rent_cents,
    landlord_notice_months,
    notice_arrival_deadline,
    ordinary_termination_effective,
    rent_due_date,
)

__all__ = [
    "ArrearsThreshold", "BailiffNoticeCheck", "CaseKeyDates", "Deadline", "EnergyCutCheck",
    "EnergyCutWindow", "FilingDeadline", "FirstContactStandard", "FirstContactStatus",
    "HealingAmount", "LedgerMonth", "Schonfrist", "arrears_threshold", "check_bailiff_notice",
    "classify_alert", "collect_deadlines", "defence_notice_deadline", "earliest_cut",
    "einspruch_deadline", "energy_cut_allowed", "eviction_protection_deadline",
    "extend_to_working_day", "filing_deadline_before", "first_contact_status",
    "gross_monthly_rent_cents", "healing_amount", "landlord_notice_months",
    "notice_arrival_deadline", "ordinary_termination_effective", "period_end_months",
    "period_end_weeks", "raeumungsfrist_extension_deadline", "raeumungsfrist_limit",
    "rent_due_date", "schonfrist_available", "schonfrist_end",
    "settlement_raeumungsfrist_deadline", "settlement_raeumungsfrist_limit",
]
