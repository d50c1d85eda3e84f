"""The security suite's scenario (a case with an information item and its attachment, a
consent, a plan with an agreement, an escalation, a conference item with minutes, referrals on
a triage agenda) is the richest case there is: retention must remove all of it."""

from tests.security.conftest import scenario  # noqa: F401 - a fixture, used by name
