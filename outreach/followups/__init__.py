"""Tenancy follow-ups recorded on the phone: the `follow_up.record` sync kind. The follow-ups
themselves, their form (a section of the case page) and their place on the deadline lists belong
to the case file (cases/closing.py); this area only applies what a phone sends."""


def _register() -> None:
    from ..sync import kinds
    from .sync_kinds import KIND, apply_record

    kinds.register(KIND, apply_record)


_register()
