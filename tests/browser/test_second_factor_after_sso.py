"""After a single sign-on without a second factor the TOTP code is asked (decision 0185): the
page passes axe and works with the keyboard alone."""

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from conftest import give_totp_device
from tests.factories.network import HouseFactory, MembershipFactory, UserFactory
from zvh.accounts.second_factor import AUTH_METHOD_OIDC_SINGLE_FACTOR, SESSION_AUTH_METHOD_KEY
from zvh.network.models import Role


def test_second_step_by_keyboard(browser_page, settings):
    settings.ZVH_OIDC_ENABLED = True
    user = UserFactory(username="sso-gebruiker")
    MembershipFactory(user=user, house=HouseFactory(), role=Role.PROCESS_COORDINATOR)
    device = give_totp_device(user)
    # The state the single sign-on callback leaves: logged in, the code still to come.
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_AUTH_METHOD_KEY] = AUTH_METHOD_OIDC_SINGLE_FACTOR
    session.save()
    browser_page.page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": browser_page.base_url,
            }
        ]
    )
    browser_page.visit(reverse("web:home"))  # a protected page leads to the second step
    assert browser_page.page.url.endswith(reverse("accounts:second_factor"))
    browser_page.tab_to("id_otp_token")
    browser_page.page.keyboard.type(f"{totp(device.bin_key):06d}")
    browser_page.press_and_check("Enter")
    assert browser_page.page.url == browser_page.url(reverse("web:home"))
