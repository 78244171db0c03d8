"""Load the demo agencies, users and subjects; running it again adds nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from credit_platform.demo import DEMO_AGENCIES, DEMO_PASSWORD, DEMO_SUBJECTS, DEMO_USERS
from credit_platform.models import Agency, Role, User
from credit_platform.services import subject_resolve, user_set_agency, user_set_roles


class Command(BaseCommand):
    help = "Load demo data (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        for code, zh, en, level, parent in DEMO_AGENCIES:
            Agency.objects.update_or_create(
                code=code,
                defaults={
                    "name_zh": zh,
                    "name_en": en,
                    "level": level,
                    "parent": Agency.objects.get(code=parent) if parent else None,
                },
            )
        for username, full_name, role, agency, superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
            user.first_name = full_name
            user.is_superuser = user.is_staff = superuser
            user.save()
            user_set_agency(user=user, agency=Agency.objects.get(code=agency) if agency else None)
            user_set_roles(user=user, roles=[Role(role)] if role else [])
            user_set_agency(user=user, agency=Agency.objects.get(code=agency) if agency else None)
        for kind, name, code in DEMO_SUBJECTS:
            subject_resolve(kind=kind, name=name, uscc=code)
        self.extend()
        self.stdout.write("Demo data loaded.")

    def extend(self) -> None:
        """Each app's demo data, in dependency order."""
        from catalogue.demo import load_demo_catalogue
        from collection.demo import load as load_collection
        from commitments.demo import load as load_commitments
        from disclosure.demo import load as load_cases

        load_demo_catalogue()
        load_collection()  # needs the published catalogue
        load_commitments()
        load_cases()  # needs the records
