import pytest

from tests.demo.support import run_demo


@pytest.fixture
def demo(db) -> str:
    """The demo built once on an empty database; its printed output."""
    return run_demo()
