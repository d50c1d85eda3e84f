"""What an error report may carry: no request data, user, cookies, query strings or local
variables (decision 0189). A plain function, no database."""

from __future__ import annotations

import json

from zvh.core.request_context import reset_request_id, set_request_id
from zvh.core.sentry import scrub


def _event() -> dict:
    return {
        "message": "boom",
        "request": {
            "method": "POST",
            "url": "https://zvh.example.org/betrokkenen/zoeken/?naam=Jansen",
            "query_string": "naam=Jansen",
            "data": {"bsn": "123456782"},
            "cookies": {"__Host-zvh_session": "abc"},
            "headers": {"Cookie": "__Host-zvh_session=abc", "Authorization": "Bearer t0ken"},
            "env": {"REMOTE_ADDR": "192.0.2.10"},
        },
        "user": {"id": 7, "username": "j.pietersen", "ip_address": "192.0.2.10"},
        "extra": {"person": "Jansen"},
        "contexts": {"runtime": {"name": "CPython"}, "person": {"name": "Jansen"}},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "zvh/people/views.py",
                                "lineno": 12,
                                "vars": {"surname": "Jansen"},
                            }
                        ]
                    },
                }
            ]
        },
        "threads": {"values": [{"stacktrace": {"frames": [{"vars": {"bsn": "123456782"}}]}}]},
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT ...", "data": {"params": ["Jansen"]}},
                {"category": "httplib", "data": {"url": "http://x/?q=Jansen"}},
            ]
        },
    }


def test_scrub_leaves_nothing_personal():
    token = set_request_id("req-12345678")
    try:
        event = scrub(_event(), {})
    finally:
        reset_request_id(token)
    text = json.dumps(event)
    for personal in ("Jansen", "123456782", "j.pietersen", "192.0.2.10", "abc", "t0ken"):
        assert personal not in text, personal
    assert event["request"] == {
        "method": "POST",
        "url": "https://zvh.example.org/betrokkenen/zoeken/",
    }
    assert "user" not in event
    frame = event["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert (frame["filename"], frame["lineno"]) == ("zvh/people/views.py", 12)
    assert event["contexts"] == {"runtime": {"name": "CPython"}}
    assert event["tags"]["request_id"] == "req-12345678"
