from tests.api.conftest import issue_token  # noqa: F401  (fixture)
