"""The house record exchanged between a house and the national monitor (format version 1:
docs/monitor/exchange-format.md). Pure Python: no models, no requests, no personal data."""
