"""The audit-coverage probe: every page any demo account can open, checked for the persons it
shows. Wherever a response shows a person's full name or BSN, an access-log event of that very
request must name that person. No URL declares whether it shows personal data: a new app is
probed like every other (docs/decisions/0159-audit-coverage-probe.md).

How: build the demo; as every demo account crawl the site breadth-first from every URL that
takes no arguments, following same-site links and redirects, at most CAP_PER_NAME concrete URLs
per URL name; then request, as every account, the union of all accounts' URLs (a role that
cannot reach a page by its links still gets asked for it: the mayor opening a coordinator's
referral), and the API twins of the web URLs found (same arguments). Every 200 response in HTML,
JSON or CSV is searched for every person of the database.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import count
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from conftest import login_2fa
from tests.demo.support import run_demo
from tests.security.shown import PersonMatcher, text_of, unnamed
from zvh.accounts.models import User
from zvh.demo import data

from .url_matrix import ROWS

# Distinct concrete URLs (path + query) per URL name in one account's crawl, and in the union
# that every account then requests: keeps the probe bounded. The union takes one per name: it is
# there to ask each account for pages its links do not reach, and one object per page type does
# that; the crawl's three per name sample the objects (2,750 requests instead of 3,750).
CAP_PER_NAME = 3
UNION_CAP_PER_NAME = 1
IGNORED_NAMESPACES = {"admin"}
# Never requested: logging out would end the crawl's session.
NEVER_REQUEST = {"accounts:logout"}

# URL names with a GET that no demo account renders with a 200, each with its reason. Keep
# this short: a name here is a page the probe cannot check. (URLs that serve no GET are known
# without a list: they answer 405, or their matrix row has no GET; a GET that no logged-in
# account may use, the API-key endpoints, is read from the matrix too.)
NOT_RENDERED = {
    "accounts:enrol": "first-login enrolment; without a pending enrolment it redirects",
    "accounts:second_factor": "the code after single sign-on; without such a login it redirects",
    "conferences:agenda": "the demo's one conference is a held case conference: redirects",
    "conferences:edit": "the demo's one conference is a held case conference: redirects",
    "conferences:invitees": "the demo's one conference is a held case conference: redirects",
    "covenants:document": "the demo's covenants have no uploaded document (404)",
    "subject_requests:correction": "the demo's request is an access request, not a correction",
    "cases:transfer-detail": "the demo has no case transfer",
    "sharing:item-attachment": "the demo's case items have no attachment",
    "work:delivery": "folded into the figures (issue 11): redirects to the group 'levering'",
    "cases:step-down": "closing is one form (decision 0178): redirects to cases:close",
    "web:saved-filter-open": "a saved filter redirects to its list; the demo has none",
}


@dataclass
class Finding:
    username: str
    url: str
    url_name: str
    person_ids: list[str]
    shown: str

    def __str__(self) -> str:
        return (
            f"{self.username} GET {self.url} ({self.url_name}) shows {self.shown!r} "
            f"(person {', '.join(self.person_ids)}) but no access event of the request names them"
        )


@dataclass
class ProbeResult:
    findings: list[Finding] = field(default_factory=list)
    rendered: set[str] = field(default_factory=set)  # URL names answered 200 at least once
    requested: set[str] = field(default_factory=set)
    statuses: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # Per account: the URL names it got a 200 from that showed persons (for the report).
    showing: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    unreadable: dict[str, str] = field(default_factory=dict)  # URL name -> content type
    requests: int = 0
    seconds: float = 0.0
    checked_shows: int = 0  # (response, person) pairs found and checked


class _Links(HTMLParser):
    """The same-site targets of a page: links, and the actions of its forms (a GET of a
    POST-only action is a harmless 405, and tells the probe the URL serves no GET)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "area": "href", "form": "action"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.hrefs.append(value)


def _url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", outer: frozenset[str] = frozenset()
) -> Iterator[tuple[str, frozenset[str]]]:
    """Every URL name of the resolver with the names of its arguments."""
    for entry in (resolver or get_resolver()).url_patterns:
        arguments = outer | frozenset(getattr(entry.pattern, "converters", {}))
        arguments |= frozenset(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if entry.namespace in IGNORED_NAMESPACES:
                continue
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _url_patterns(entry, inner, arguments)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.name), arguments


class _Prober:
    def __init__(self) -> None:
        self.matcher = PersonMatcher()
        self.argument_names = dict(_url_patterns())
        self.result = ProbeResult()
        self.request_ids = count(1)
        self.found: dict[str, list[str]] = defaultdict(list)  # URL name -> concrete URLs
        self.crawled: dict[str, set[str]] = {}  # account -> the URLs its crawl requested

    def client_for(self, username: str) -> Client:
        return login_2fa(Client(), User.objects.get(username=username))

    def get(self, client: Client, username: str, url: str) -> tuple[int, str, list[str]]:
        """GETs one URL, checks what it shows; returns (status, URL name, next URLs)."""
        url_name = _url_name(url)
        if url_name in self.result.unreadable or 405 in self.result.statuses[url_name]:
            # Read once already and unreadable (PDF), or it serves no GET: nothing to learn.
            return 0, url_name, []
        request_id = f"probe-{next(self.request_ids):06d}"
        response = client.get(url, headers={"x-request-id": request_id})
        self.result.requests += 1
        self.result.requested.add(url_name)
        self.result.statuses[url_name].add(response.status_code)
        assert response["X-Request-ID"] == request_id, "the middleware takes the request id"
        if response.status_code in (301, 302, 303, 307, 308):
            return response.status_code, url_name, [urljoin(url, response["Location"])]
        if response.status_code != 200:
            return response.status_code, url_name, []
        self.result.rendered.add(url_name)
        body = b"".join(response) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        text = text_of(content_type, body)
        if text is None:
            self.result.unreadable[url_name] = content_type.split(";")[0]
            return 200, url_name, []
        shown = self.matcher.shown(text)
        if shown:
            self.result.showing[username].add(url_name)
            self.result.checked_shows += len(shown)
            for key, person_ids in sorted(unnamed(self.matcher, text, request_id).items()):
                self.result.findings.append(
                    Finding(username, url, url_name, sorted(person_ids), key)
                )
        links: list[str] = []
        if content_type.startswith("text/html"):
            parser = _Links()
            parser.feed(body.decode("utf-8", errors="replace"))
            links = [urljoin(url, href) for href in parser.hrefs]
        return 200, url_name, links

    def crawl(self, username: str, seeds: list[str]) -> None:
        client = self.client_for(username)
        seen: set[str] = set()
        per_name: dict[str, int] = defaultdict(int)
        queue = deque(seeds)
        while queue:
            url = _same_site(queue.popleft())
            if url is None or url in seen:
                continue
            url_name = _url_name(url)
            if url_name in NEVER_REQUEST or not url_name or per_name[url_name] >= CAP_PER_NAME:
                continue
            seen.add(url)
            per_name[url_name] += 1
            _status, _name, links = self.get(client, username, url)
            if url not in self.found[url_name]:
                self.found[url_name].append(url)
            queue.extend(links)
        self.crawled[username] = seen

    def replay(self, username: str, urls: list[str]) -> None:
        client = self.client_for(username)
        for url in urls:
            if url not in self.crawled[username]:
                self.get(client, username, url)

    def twins(self) -> list[str]:
        """Every URL name whose arguments some found URL has exactly, with those arguments:
        the API twin of a web page, the other tabs of a case, capped like the crawl."""
        by_arguments: dict[frozenset[str], list[dict[str, str]]] = defaultdict(list)
        for urls in self.found.values():
            for url in urls:
                kwargs = resolve(urlsplit(url).path).kwargs
                if kwargs and kwargs not in by_arguments[frozenset(kwargs)]:
                    by_arguments[frozenset(kwargs)].append(kwargs)
        urls: list[str] = []
        for url_name, arguments in sorted(self.argument_names.items()):
            if not arguments or url_name in NEVER_REQUEST:
                continue
            for kwargs in by_arguments.get(arguments, [])[:UNION_CAP_PER_NAME]:
                url = reverse(url_name, kwargs=kwargs)
                if url not in self.found[url_name]:
                    urls.append(url)
        return urls


def _same_site(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(("/static/", "/media/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _url_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


def run_probe(usernames: list[str]) -> ProbeResult:
    started = time.monotonic()
    prober = _Prober()
    seeds = [
        reverse(url_name)
        for url_name, arguments in sorted(prober.argument_names.items())
        if not arguments and url_name not in NEVER_REQUEST
    ]
    seeds.insert(0, reverse("web:home"))
    for username in usernames:
        prober.crawl(username, seeds)
    # In the order found (deterministic: the pages list their rows in a fixed order).
    union = [url for urls in prober.found.values() for url in urls[:UNION_CAP_PER_NAME]]
    union += [url for url in prober.twins() if url not in union]
    for username in usernames:
        prober.replay(username, union)
    prober.result.seconds = time.monotonic() - started
    return prober.result


DEMO_ACCOUNTS = [spec.username for spec in data.ACCOUNTS]


def test_every_person_a_page_shows_is_named_in_an_access_event_of_its_request(db):
    """One test, not two on a shared fixture: pytest-xdist would run the probe once per worker.
    The demo is built inside the test's transaction, so nothing of it outlives the test."""
    started = time.monotonic()
    run_demo()
    built = time.monotonic() - started
    with _quiet("django.request", "weasyprint"):
        probe = run_probe(DEMO_ACCOUNTS)
    print(
        f"\naudit probe: demo built in {built:.1f} s; {probe.requests} requests in "
        f"{probe.seconds:.1f} s; {len(probe.rendered)} URL names rendered; "
        f"{probe.checked_shows} shown persons checked"
    )
    for username in DEMO_ACCOUNTS:
        print(f"  {username} saw persons on {sorted(probe.showing[username])}")

    problems = [str(finding) for finding in probe.findings]
    if not probe.checked_shows:
        problems.append("The probe found no person on any page: it cannot see.")
    never = sorted(_getable() - _served_no_get(probe) - probe.rendered - set(NOT_RENDERED))
    if never:
        problems.append(
            "No demo account got a 200 for these URL names; make the demo reach them or add "
            f"them with a reason to NOT_RENDERED. Requested: {sorted(set(never) & probe.requested)}"
            f"; never reached by any crawl: {sorted(set(never) - probe.requested)}"
        )
    stale = sorted(set(NOT_RENDERED) & probe.rendered)
    if stale:
        problems.append(f"Rendered after all; remove them from NOT_RENDERED: {stale}")
    assert not problems, "\n".join(problems)


def _getable() -> set[str]:
    return {name for name, _arguments in _url_patterns()} - NEVER_REQUEST


def _served_no_get(probe: ProbeResult) -> set[str]:
    """URL names that serve no logged-in account a GET: they answered a GET with 405, or their
    matrix row allows GET to nobody (the API-key endpoints) or has no GET at all."""
    refused = {name for name, statuses in probe.statuses.items() if 405 in statuses}
    return refused | {row.name for row in ROWS if not row.methods.get("GET")}


@contextmanager
def _quiet(*loggers: str) -> Iterator[None]:
    """The probe's 404s and 405s are expected, and PDF rendering is chatty."""
    levels = {name: logging.getLogger(name).level for name in loggers}
    for name in loggers:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        yield
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
