"""Domain events of intake (decision 0195). Intake sits below triage and cases and never imports
them: where a referral starts work higher up, intake sends one of these inside its service and the
higher app's receiver (connected in its AppConfig.ready()) does the work."""

from django.dispatch import Signal

# A new referral of persons with no open referral in the house: an app that holds open work of
# theirs links the referral to it (`referral.linked_case`, saved) and answers True.
# Arguments: referral, person_ids.
referral_without_open_referral = Signal()

# A referral entered without triage (the house's priority-list bypass): it becomes a case
# at once. Arguments: actor, referral.
referral_entered_directly = Signal()
