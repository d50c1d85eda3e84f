"""The national monitor (issue 13): the house profile, the yearly questionnaire pre-filled from
the house's own work, the exchange format of a house record, and the national tables."""
