"""Domain events of triage (decision 0195): triage sits below cases and never imports it."""

from django.dispatch import Signal

# An accepted referral that has no case yet: the case app opens it. Sent inside the decision's
# transaction. Arguments: actor, referral.
referral_accepted = Signal()
