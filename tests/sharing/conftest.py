"""The case fixtures of the case-work tests: a case accepted at triage, and its coordinator."""

from tests.cases.conftest import case, coordinator, coordinator_user

__all__ = ["case", "coordinator", "coordinator_user"]
