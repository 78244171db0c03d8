"""Per-address API limits counted in Redis, shared by every web process.

DRF's own throttle keeps a list of the timestamps of every request of the last period and
reads and writes it whole on each request: its cost grows with the rate (at 6,000 a minute,
tens of kilobytes through Redis and pickle per call). Here each address has one counter per
period, and the count over the sliding period is estimated from the current counter and the
previous one weighted by how much of it still overlaps (the usual sliding-window counter):
one Redis round trip per request, whatever the rate.
"""

from __future__ import annotations

import contextlib
import logging
import math
from functools import cache

import redis
from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

PREFIX = "credit:throttle"
logger = logging.getLogger(__name__)


@cache
def _client() -> redis.Redis:
    """One connection pool per process."""
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def reset(address: str) -> None:
    """Give an address its full allowance again in every scope (an operator's unblock; tests)."""
    client = _client()
    keys = list(client.scan_iter(match=f"{PREFIX}:*:{address}:*", count=1000))
    if keys:
        client.delete(*keys)


class AddressRateThrottle(AnonRateThrottle):
    """Anonymous callers, per address, at the rate of REST_FRAMEWORK's "anon" setting."""

    num_requests: int | None  # set from the rate by SimpleRateThrottle.__init__
    duration: int | None
    _retry_after = 0.0

    def allow_request(self, request: Request, view: APIView) -> bool:
        if self.rate is None or self.num_requests is None or self.duration is None:
            return True
        if request.user and request.user.is_authenticated:
            return True  # signed-in callers are not limited by address
        key = f"{PREFIX}:{self.scope}:{self.get_ident(request)}:"
        window, offset = divmod(self.timer(), self.duration)
        current_key = f"{key}{int(window)}"
        pipe = _client().pipeline(transaction=False)
        pipe.incr(current_key)
        pipe.expire(current_key, 2 * self.duration)
        pipe.get(f"{key}{int(window) - 1}")
        try:
            current, _expire, previous = pipe.execute()
        except redis.RedisError:
            # The public API stays up while Redis is away; the limit resumes with it.
            logger.warning("API rate limit skipped: Redis did not answer", exc_info=True)
            return True
        overlap = 1 - offset / self.duration
        estimate = current + int(previous or 0) * overlap
        self._retry_after = self.duration - offset
        if math.floor(estimate) <= self.num_requests:
            return True
        with contextlib.suppress(redis.RedisError):
            _client().decr(current_key)  # a refused request does not use the allowance
        return False

    def wait(self) -> float:
        return float(self._retry_after)
