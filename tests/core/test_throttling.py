"""The per-address API limit: a sliding-window counter in Redis, one small value per period."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from credit_platform import throttling
from credit_platform.throttling import AddressRateThrottle

ADDRESS = "192.0.2.7"  # documentation range: no test client uses it
START = 1_800_000_000 // 60 * 60.0  # the first second of a minute


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    throttling.reset(ADDRESS)
    yield
    throttling.reset(ADDRESS)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def _throttle(rate: str, clock: Clock) -> AddressRateThrottle:
    throttle = AddressRateThrottle()
    throttle.rate = rate
    throttle.num_requests, throttle.duration = throttle.parse_rate(rate)
    throttle.timer = clock
    return throttle


def _request(address: str = ADDRESS, **headers: Any) -> Request:
    factory = APIRequestFactory()
    request = Request(factory.get("/api/v1/subjects/", REMOTE_ADDR=address, **headers))
    request.user = AnonymousUser()
    return request


def _allowed(throttle: AddressRateThrottle, times: int) -> list[bool]:
    return [throttle.allow_request(_request(), APIView()) for _ in range(times)]


def test_the_rate_is_kept_and_the_wait_runs_to_the_end_of_the_period() -> None:
    clock = Clock()
    throttle = _throttle("5/min", clock)
    clock.now = START + 20
    assert _allowed(throttle, 6) == [True] * 5 + [False]
    assert throttle.wait() == pytest.approx(40)


def test_refused_requests_do_not_use_the_allowance() -> None:
    clock = Clock()
    throttle = _throttle("3/min", clock)
    assert _allowed(throttle, 10) == [True] * 3 + [False] * 7
    clock.now = START + 90  # half of the previous minute overlaps: 3 allowed there count 1.5
    assert _allowed(throttle, 3) == [True, True, False]


def test_the_previous_period_counts_by_its_overlap() -> None:
    clock = Clock()
    throttle = _throttle("10/min", clock)
    assert all(_allowed(throttle, 10))
    clock.now = START + 60 + 30  # half of the previous minute still inside the window: 5
    assert _allowed(throttle, 6) == [True] * 5 + [False]


def test_each_address_has_its_own_allowance_and_signed_in_callers_have_none() -> None:
    clock = Clock()
    throttle = _throttle("1/min", clock)
    assert _allowed(throttle, 2) == [True, False]
    other = "192.0.2.8"
    try:
        assert throttle.allow_request(_request(other), APIView())
    finally:
        throttling.reset(other)
    signed_in = _request()
    signed_in.user = type("U", (), {"is_authenticated": True})()
    assert all(throttle.allow_request(signed_in, APIView()) for _ in range(5))


def test_the_stored_state_stays_one_integer_whatever_the_rate() -> None:
    clock = Clock()
    throttle = _throttle("100000/min", clock)
    assert all(_allowed(throttle, 500))
    client = throttling._client()
    keys = list(client.scan_iter(match=f"{throttling.PREFIX}:*:{ADDRESS}:*"))
    assert len(keys) == 1 and client.get(keys[0]) == b"500"
    assert 0 < client.ttl(keys[0]) <= 120


def test_the_api_stays_up_when_redis_does_not_answer() -> None:
    closed = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)  # nothing listens
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(throttling, "_client", lambda: closed)
        assert _allowed(_throttle("1/min", Clock()), 3) == [True] * 3


def test_a_made_up_forwarded_header_does_not_escape_the_limit() -> None:
    throttle = _throttle("1/min", Clock())
    spoofed = [
        throttle.allow_request(_request(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"), APIView())
        for n in range(3)
    ]
    assert spoofed == [True, False, False]
