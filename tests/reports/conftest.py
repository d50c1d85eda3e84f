import pytest

from zvh.figures import registry

from .support import TEST_GROUP


@pytest.fixture
def test_figures(monkeypatch):
    """The registry's groups plus the test group."""
    monkeypatch.setattr(registry, "GROUPS", (*registry.GROUPS, TEST_GROUP))
    return TEST_GROUP
