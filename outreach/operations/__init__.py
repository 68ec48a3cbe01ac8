"""Running the server for real (issue 24): health and readiness, Prometheus metrics, one JSON line
per request, backups with a manifest (optionally encrypted) and their restore, and continuous
replication through Litestream. Plumbing: it knows no area; areas report what the metrics count
through `metrics.count_sync` and nothing else."""
