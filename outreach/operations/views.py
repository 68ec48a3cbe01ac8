"""/healthz, /readyz and /metrics: no sign-in, no session, no personal data."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from . import health, logs, metrics

bp = Blueprint("operations", __name__)


@bp.get("/healthz")
def health_check():
    """The process answers; nothing else is looked at (a load balancer's liveness probe)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def ready():
    found = health.readiness(current_app.config)
    body = health.as_json(found)
    return jsonify(body), 200 if body["status"] == "ready" else 503


@bp.get("/metrics")
def metrics_page():
    if not metrics.allowed(current_app.config, request.remote_addr, request.headers.get("Authorization")):
        abort(404)  # nobody else learns that it exists
    registry = current_app.extensions["outreach_metrics"].registry
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                    headers={"Cache-Control": "no-store"})


def init_app(app) -> None:
    app.extensions["outreach_metrics"] = metrics.Metrics(app.config)
    app.before_request(metrics.started)
    app.after_request(metrics.observed)
    app.after_request(logs.line)
    app.register_blueprint(bp)
