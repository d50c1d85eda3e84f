"""The JZV Meldingen interface: the standard's referral messages in (to intake) and its outcome
messages out (from triage). It stands above both, so neither imports the other for it (decision
0195). Not a Django app: it holds no models."""
