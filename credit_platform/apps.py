from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_role_groups(**kwargs: Any) -> None:
    """Recreate the role groups after a flush (tests), as Django does for permissions."""
    from django.contrib.auth.models import Group

    from credit_platform.models import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


class CreditPlatformConfig(AppConfig):
    name = "credit_platform"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        post_migrate.connect(ensure_role_groups, sender=self)
