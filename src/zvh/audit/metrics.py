"""Prometheus metrics of the access log, in the default registry that /metrics serves."""

from prometheus_client import Histogram

# The append is on the hot path of every audited page (a case page's budget is 10 ms): the
# buckets resolve the sub-millisecond range.
APPEND_SECONDS = Histogram(
    "zvh_audit_append_seconds",
    "Time to append one event to the access log (lock the chain head, link, insert, move).",
    buckets=(0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
