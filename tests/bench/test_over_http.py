"""The HTTP benchmark (bench/over_http.py, decision 0198) at a tiny scale, in process: each
page it times answers 200 to its caller, and its query count and replayed SQL are measured.
The gunicorn part runs in `make bench-http` only."""

from __future__ import annotations

from bench import generate_casework, over_http
from bench.server import request_bytes


def test_every_page_of_the_http_benchmark_answers_its_caller(db):
    world = generate_casework.generate(cases=40, agreements=200, conferences=20)
    case = over_http.shared_case(world)
    assert case is not None
    token = over_http.bench_token(world)
    pages = over_http.pages_of(case)
    assert {page.name for page in pages} == set(over_http.TARGETS)
    for page in pages:
        cost = over_http.in_process_cost(page, world, token, repeat=1)
        assert cost["queries"] >= cost["selects"] > 0, page.name


def test_a_request_is_sent_as_the_proxy_sends_it():
    raw = request_bytes("GET", "/api/v1/cases/", 8000, {"Authorization": "Bearer x"})
    assert raw == (
        b"GET /api/v1/cases/ HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nX-Forwarded-Proto: https\r\n"
        b"Authorization: Bearer x\r\n\r\n"
    )
