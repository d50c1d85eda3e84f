"""Who is acting: a logged-in user in one house, or a partner application's API token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from .roles import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    organisation_id: uuid.UUID | None
    house_id: uuid.UUID | None
    roles: frozenset[str] = field(default_factory=frozenset)
    api_token_id: uuid.UUID | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def person_user_id(self) -> int:
        """The user id of an actor that must be a person (not an application)."""
        if self.user_id is None:
            raise PermissionError("this action needs a logged-in user")
        return self.user_id

    @property
    def is_house_staff(self) -> bool:
        return self.has_role(Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR)


ANONYMOUS = Actor(user_id=None, organisation_id=None, house_id=None)
