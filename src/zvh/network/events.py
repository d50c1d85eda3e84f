"""The network's domain events: what higher apps subscribe to when the network changes, so that
the network never imports them (decision 0194). Each is sent by a network service; receivers are
connected in the subscribing app's `AppConfig.ready()`."""

from django.dispatch import Signal

# A new house is to get the documented defaults it must then confirm or change (local triage
# criteria, case themes, step-down criteria, legal bases). Sent with `house=`, inside the
# transaction that creates the house; every receiver must be idempotent.
house_seeding = Signal()

# A partnership ended: what was opened through it stops (an organisation's API tokens). Sent
# with `organisation_id=` after the transaction commits.
partnership_ended = Signal()
