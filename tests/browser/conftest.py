"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Every test in this folder is marked `browser` (`make test-fast` leaves them out). Use the
`browser_page` fixture:

    def test_something(browser_page, world):
        browser_page.login(user)                  # keyboard only, with the TOTP code
        browser_page.visit(reverse("people:list"))  # goes there and checks the page
        browser_page.tab_to("Betrokkenen")        # moves the focus with Tab
        browser_page.press_and_check("Enter")     # follows it and checks the new page

"Checks the page" means: axe-core finds no serious or critical accessibility violation, and
the browser reported no Content-Security-Policy violation. A page the test navigated to but
did not check fails the test, so no page escapes the check.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from conftest import give_totp_device
from tests.audit.support import set_append_only
from zvh.accounts.models import User

CHROMIUM = Path(os.environ.get("ZVH_CHROMIUM", "/usr/bin/chromium"))
# Headless as root in a closed network: no sandbox, and no calls home that would be refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}
# The password UserFactory gives every user.
PASSWORD = "correct horse battery"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs"
THIS_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the mark must be on before `-m "not browser"` deselects.
    for item in items:
        in_this_dir = THIS_DIR in Path(str(item.path)).parents
        if in_this_dir or "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Generator:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests need Debian's Chromium: "
            "install the Debian package 'chromium' (sudo apt-get install chromium), "
            "or run 'make test-fast' to run everything except the browser tests.",
            pytrace=False,
        )
    # Playwright's sync API keeps an event loop running in this thread, and Django then refuses
    # every ORM call. They are safe here (one thread, no coroutine), so allow them, but only
    # while Playwright runs: per module, so that the tests after it keep Django's guard.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class BrowserPage:
    """A Playwright page on the live server, with the checks every visited page must pass."""

    page: Page
    base_url: str
    csp_violations: list[str] = field(default_factory=list)
    navigated: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)

    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, path: str) -> None:
        self.page.goto(self.url(path))
        self.check()

    def check(self) -> None:
        """Fails on serious/critical axe-core violations and on CSP violations."""
        self.page.wait_for_load_state()
        results = Axe().run(self.page)
        blocking = [
            v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS
        ]
        if blocking:
            print(results.generate_report())
        assert not blocking, f"{self.page.url}: accessibility violations " + ", ".join(
            f"{v['id']} ({v['impact']})" for v in blocking
        )
        assert not self.csp_violations, f"{self.page.url}: {self.csp_violations}"
        self.checked.add(self.page.url)

    def focused(self) -> str:
        """The focused element's id, or else its text."""
        return self.page.evaluate(
            "() => document.activeElement.id || document.activeElement.textContent.trim()"
        )

    def tab_to(self, text: str, *, limit: int = 40) -> None:
        """Presses Tab until the element with this id or text has the focus."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.focused() == text:
                return
        raise AssertionError(f"{text!r} cannot be reached with Tab on {self.page.url}")

    def press_and_check(self, key: str) -> None:
        """Presses a key that loads a new page, waits for it and checks it."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.check()

    def login(self, user: User, *, password: str = PASSWORD) -> None:
        """Logs in with user name, password and the current TOTP code, by keyboard only.

        A code cannot be used twice, so log the same user in at most once per 30 seconds."""
        device = user.totpdevice_set.filter(confirmed=True).first() or give_totp_device(user)
        self.visit(reverse("accounts:login"))
        assert self.focused() == "id_username", "the login form should have the focus"
        keyboard = self.page.keyboard
        keyboard.type(user.username)
        keyboard.press("Tab")
        keyboard.type(password)
        keyboard.press("Tab")
        keyboard.type(f"{totp(device.bin_key):06d}")
        self.press_and_check("Enter")
        assert self.page.url == self.url(reverse("web:home")), "login failed"

    def screenshot(self, name: str) -> None:
        """Saves docs/<name>.png, only when ZVH_SCREENSHOTS=1 (keeps test runs from changing the
        tree)."""
        if os.environ.get("ZVH_SCREENSHOTS") == "1":
            self.page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=True)


@pytest.fixture
def browser_page(
    request: pytest.FixtureRequest, chromium: Browser, live_server, transactional_db
) -> Iterator[BrowserPage]:
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    result = BrowserPage(page=page, base_url=live_server.url)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            result.csp_violations.append(message.text)

    def on_navigated(frame) -> None:
        if frame == page.main_frame:
            result.navigated.append(frame.url)

    page.on("console", on_console)
    page.on("framenavigated", on_navigated)
    yield result
    context.close()
    unchecked = [url for url in result.navigated if url not in result.checked]
    if not request.node.stash.get(_CALL_FAILED, True) and unchecked:
        pytest.fail(f"pages visited without an accessibility check: {unchecked}")


# --- The append-only audit log versus the flush after a transactional test ------------------
#
# After a transactional test Django empties every table (DELETE on SQLite, TRUNCATE on
# PostgreSQL); the audit log's triggers refuse that, as they should. They are lifted for the
# flush only, with the audit tests' own switch.


@pytest.fixture
def _audit_triggers_back_after_flush(django_db_blocker) -> Iterator[None]:
    # Set up before, so torn down after, the flush of pytest-django's transactional_db.
    yield
    with django_db_blocker.unblock():
        set_append_only(enabled=True)
        # While Playwright's event loop runs, Django keys connections by context, not by thread,
        # so this teardown may have opened a connection of its own: close it, or it would keep
        # the test database from being dropped at the end of the run.
        connection.close()


@pytest.fixture
def transactional_db(_audit_triggers_back_after_flush, transactional_db) -> Iterator[None]:
    """Overrides pytest-django's: the same, plus the audit triggers lifted for the flush."""
    yield
    set_append_only(enabled=False)
