from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_policy(**kwargs: Any) -> None:
    from catalogue.policy import ensure_seeded

    ensure_seeded()


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        # A flush (transactional tests) empties the table the seed migration filled.
        post_migrate.connect(restore_policy, sender=self)
