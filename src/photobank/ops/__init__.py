"""Running the server: access log, Prometheus metrics, readiness."""
