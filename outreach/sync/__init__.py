"""The sync endpoint: JSON only, never redirects. Devices report here and send their outbox.

This module holds the transport contract (docs/sync.md): who may send, from which device, in
which shape. Mutation kinds register in KINDS as their areas are built; an unknown kind is
rejected with a reason and stays in the device's outbox.
"""

from flask import Blueprint

bp = Blueprint("sync", __name__)

from . import caseload, views  # noqa: E402,F401  (routes register on bp)
