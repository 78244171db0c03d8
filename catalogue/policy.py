"""Read the policy table: every period and deadline of the rules, never a constant in code."""

from __future__ import annotations

from catalogue.models import PolicySetting


class MissingPolicy(LookupError):
    pass


def value(key: str) -> int:
    """The current value of one policy setting."""
    found = PolicySetting.objects.filter(key=key).values_list("value", flat=True).first()
    if found is None:
        raise MissingPolicy(f"policy setting {key!r} is missing; restore it in the admin area")
    return int(found)


def ensure_seeded() -> None:
    """Restore seeded rows that a test flush removed (the seed migration's data)."""
    import importlib

    seed = importlib.import_module("catalogue.migrations.0002_seed_policy")
    for key, number, unit, zh, en, source in seed.POLICY:
        PolicySetting.objects.get_or_create(
            key=key,
            defaults={
                "value": number,
                "unit": unit,
                "description_zh": zh,
                "description_en": en,
                "source": source,
            },
        )
