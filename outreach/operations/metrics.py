"""Prometheus metrics (issue 24), in the exposition format of the official client library: requests
by route and status with their latency, sync mutations by kind and result, and — read when scraped
— the unsent items devices report, replication lag and the audit chain's length. Labels are route
names and fixed codes only: never an id, a name or a path (a path can hold an invitation token)."""

from __future__ import annotations

import ipaddress
import time

from flask import current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

from .. import db as database

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SYNC_RESULTS = frozenset({"applied", "conflict", "rejected", "duplicate", "replayed", "failed"})


class StateCollector:
    """Gauges read from the database (and Litestream's folders) when Prometheus scrapes."""

    def __init__(self, config):
        self.config = config

    def collect(self):
        db = database.connect(self.config["DATABASE_PATH"], self.config["SQLITE_BUSY_TIMEOUT_MS"])
        try:
            unsent, devices = db.execute(
                """SELECT coalesce(sum(last_unsent_count), 0), count(*) FROM device
                   WHERE revoked_at IS NULL AND last_unsent_count > 0""").fetchone()
            chain = db.execute("SELECT coalesce(max(seq), 0), count(*) FROM audit_log").fetchone()
        finally:
            db.close()
        yield GaugeMetricFamily("outreach_outbox_unsent_items", "Items waiting in phones' outboxes, as the "
                                "devices last reported", value=unsent)
        yield GaugeMetricFamily("outreach_outbox_devices_with_unsent", "Devices that last reported unsent items",
                                value=devices)
        yield GaugeMetricFamily("outreach_audit_chain_head", "Sequence number of the newest audit line", value=chain[0])
        yield GaugeMetricFamily("outreach_audit_chain_lines", "Audit lines kept (older ones pass their retention)",
                                value=chain[1])
        if self.config.get("REPLICA_URL"):
            from .replication import lag_seconds

            lag = lag_seconds(self.config)
            yield GaugeMetricFamily("outreach_replication_lag_seconds", "How long the oldest change not yet in the "
                                    "replica has waited (-1: the replica cannot be read)",
                                    value=-1 if lag is None else lag)


class Metrics:
    def __init__(self, config):
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("outreach_http_requests", "HTTP requests by route, method and status",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("outreach_http_request_duration_seconds", "Time to answer, by route", ["route"],
                                 buckets=BUCKETS, registry=self.registry)
        self.sync = Counter("outreach_sync_mutations", "Sync mutations by kind and result", ["kind", "result"],
                            registry=self.registry)
        self.registry.register(StateCollector(config))


def route_name() -> str:
    return request.endpoint or "unmatched"


def started() -> None:
    """The request's start, once (the latency histogram and the log line both read it)."""
    g.request_started = time.perf_counter()


def elapsed() -> float | None:
    started_at = g.get("request_started")
    return time.perf_counter() - started_at if started_at is not None else None


def observed(response):
    metrics: Metrics = current_app.extensions["outreach_metrics"]
    route = route_name()
    metrics.requests.labels(route, request.method if request.method in ("GET", "POST", "HEAD", "PUT", "DELETE",
                                                                        "PATCH", "OPTIONS") else "other",
                            str(response.status_code)).inc()
    seconds = elapsed()
    if seconds is not None:
        metrics.latency.labels(route).observe(seconds)
    return response


def count_sync(kind: str, result: str, known_kinds) -> None:
    """A mutation's outcome; a kind the server does not know is counted as "unknown" (the phone
    chooses the kind: it must not choose a label)."""
    metrics = current_app.extensions.get("outreach_metrics")
    if metrics is not None:
        metrics.sync.labels(kind if kind in known_kinds else "unknown",
                            result if result in SYNC_RESULTS else "other").inc()


def allowed(config, remote_addr: str | None, authorization: str | None) -> bool:
    """From an allowed network, or with the configured bearer token."""
    import hmac

    token = config.get("METRICS_TOKEN") or ""
    if token and authorization and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return False
    networks = [n.strip() for n in str(config.get("METRICS_ALLOWED_NETWORKS", "")).split(",") if n.strip()]
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)
