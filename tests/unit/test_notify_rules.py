"""When a person is told: the mode of a kind, quiet hours, the digest's hour, the retry pauses."""

from datetime import datetime, timedelta

from outreach.domain.notify import (
    GIVE_UP_AFTER,
    LONGEST_PAUSE,
    Preferences,
    after_quiet_hours,
    digest_due,
    in_quiet_hours,
    mode_for,
    pause_after,
    valid_hour,
)


def at(hour, minute=0, day=7):
    return datetime(2026, 12, day, hour, minute)


def test_urgent_at_once_the_rest_as_the_mail_says_and_a_chosen_kind_wins():
    digest, instant = Preferences(email_mode="digest"), Preferences(email_mode="instant")
    assert mode_for("takeover_request", True, digest) == "instant"
    assert mode_for("approval_waiting", False, digest) == "digest"
    assert mode_for("approval_waiting", False, instant) == "instant"
    chosen = Preferences(kinds={"approval_waiting": "off", "takeover_request": "digest", "x": "loud"})
    assert mode_for("approval_waiting", False, chosen) == "off"
    assert mode_for("takeover_request", True, chosen) == "digest"
    assert mode_for("x", True, chosen) == "instant"  # an unknown choice is the default


def test_quiet_hours_across_midnight_and_within_a_day():
    assert in_quiet_hours(at(23), 22, 7) and in_quiet_hours(at(3), 22, 7)
    assert not in_quiet_hours(at(7), 22, 7) and not in_quiet_hours(at(21, 59), 22, 7)
    assert in_quiet_hours(at(12, 30), 12, 14) and not in_quiet_hours(at(14), 12, 14)
    assert not in_quiet_hours(at(3), None, None) and not in_quiet_hours(at(3), 5, 5)
    assert after_quiet_hours(at(23, 10), 22, 7) == at(7, day=8)
    assert after_quiet_hours(at(3, 10), 22, 7) == at(7)
    assert after_quiet_hours(at(10), 22, 7) == at(10)


def test_the_digest_comes_once_a_day_from_its_hour():
    assert not digest_due(at(6, 59), 7, at(7, day=6))
    assert digest_due(at(7), 7, at(7, day=6))
    assert not digest_due(at(8), 7, at(7, 1))
    assert digest_due(at(7, day=8), 7, at(7, 1))
    assert digest_due(at(1), 23, at(22, day=6))  # past midnight: yesterday's 23:00 is still owed


def test_retries_pause_longer_each_time_up_to_an_hour_and_give_up_after_about_a_day():
    assert [pause_after(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert pause_after(8) == LONGEST_PAUSE and pause_after(10_000) == LONGEST_PAUSE
    total = sum((pause_after(n) for n in range(1, GIVE_UP_AFTER)), timedelta())
    assert timedelta(hours=20) < total < timedelta(hours=30)


def test_hours_from_a_form():
    assert [valid_hour(v) for v in ("0", "23", " 7 ", "24", "-1", "", None, "²", "7.5")] == [0, 23, 7, None, None,
                                                                                          None, None, None, None]
