"""The restore drill (issue 24) as a test: a real server replicating with Litestream takes notes
from 20 phones at once and is killed with SIGKILL (together with Litestream, as a machine losing
power); the replica restored into a new file holds every note acknowledged longer than the sync
interval before the kill, each exactly once, and its audit chain verifies (the restore checks it).
The measured loss window over ten runs is in docs/benchmarks.md (tests/benchmarks/restore_drill.py)."""

from __future__ import annotations

import pytest

from tests.benchmarks.restore_drill import drill


@pytest.mark.timeout(300)
def test_a_killed_server_loses_nothing_older_than_the_sync_interval(tmp_path):
    result = drill(str(tmp_path), senders=20, seconds=4.0)
    assert result["acknowledged"] > 100, result
    assert result["doubled"] == [], result
    assert result["missing_older_than_interval"] == [], result
    assert result["in_replica"] + result["lost"] == result["acknowledged"]
    assert any("verified" in line for line in result["restore_output"]), result
