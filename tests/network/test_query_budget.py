"""The user list costs the same number of queries with 10 users as with 1,000."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from zvh.accounts.models import User
from zvh.network.models import Membership, Role

# Session (read and save), user, second factor, roles of the actor, the header's organisation,
# the page, the roles on the page, and the audit event (head lock, insert, head update), plus
# savepoints around the audit event and the session save.
USER_LIST_QUERIES = 15


def _add_users(world, count: int) -> None:
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            username=f"bulk{number:05d}",
            email=f"bulk{number:05d}@example.org",
            first_name="Bulk",
            last_name=f"Gebruiker {number:05d}",
            organisation=world.own_org,
            password=password,
        )
        for number in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, house=world.house, role=role)
        for user in users
        for role in (Role.PARTNER_PROFESSIONAL, Role.PROCESS_COORDINATOR)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_user_list_query_budget(world, admin_client, django_assert_max_num_queries, count):
    _add_users(world, count)
    admin_client.get(reverse("network:user-list"))  # warm up: session and caches
    with django_assert_max_num_queries(USER_LIST_QUERIES):
        response = admin_client.get(reverse("network:user-list"))
    assert response.status_code == 200
    assert len(response.context["page"].rows) == min(
        50, count + len(world.users) // 2
    )  # half live in the own house
