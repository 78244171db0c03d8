"""Emails to an applicant at each step of a case, sent once the change is committed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from credit_platform.models import User

logger = logging.getLogger(__name__)


def absolute_url(path: str, base_url: str = "") -> str:
    """A link for an email: settings.SITE_URL when set, else the request's origin."""
    base = settings.SITE_URL or base_url
    return f"{base.rstrip('/')}{path}"


def notify_applicant(*, user: User, subject: str, body: str, link: str) -> None:
    """Mail ``user`` after commit: a rolled-back step sends nothing, and a slow mail server
    never holds the case's row locks."""
    if not user.email:
        return
    message = f"{body}\n\n{link}\n"

    def send() -> None:
        try:
            send_mail(subject, message, None, [user.email])
        except Exception:  # the case stands; the applicant still sees it on the page
            logger.exception("could not mail %s about %s", user.pk, link)

    transaction.on_commit(send)
