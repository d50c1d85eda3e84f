"""The backoff between attempts: a plain function."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zvh.jobs.retry import backoff_seconds


def test_the_wait_doubles_from_the_base_up_to_the_cap():
    waits = [backoff_seconds(attempt, base=60, cap=3600) for attempt in range(1, 9)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_attempts_count_from_one():
    with pytest.raises(ValueError):
        backoff_seconds(0, base=60, cap=3600)


@settings(max_examples=50, deadline=None)
@given(
    attempt=st.integers(min_value=1, max_value=10_000),
    base=st.integers(min_value=1, max_value=600),
    cap=st.integers(min_value=1, max_value=86_400),
)
def test_the_wait_never_shrinks_and_never_exceeds_the_cap(attempt, base, cap):
    wait = backoff_seconds(attempt, base=base, cap=cap)
    assert min(base, cap) <= wait <= cap
    assert backoff_seconds(attempt + 1, base=base, cap=cap) >= wait
