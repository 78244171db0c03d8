"""Settings come from the environment; mistakes stop the start with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from credit_platform.env import ConfigError, Env

ROOT = Path(__file__).resolve().parents[2]


def start_django(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG"}}
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=env | {"DJANGO_SETTINGS_MODULE": "credit_platform.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_mode_without_secret_key_stops_with_a_clear_message() -> None:
    result = start_django(DJANGO_DEBUG="false")
    assert result.returncode == 1
    assert "SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_boolean_stops_with_a_clear_message() -> None:
    result = start_django(DJANGO_DEBUG="maybe")
    assert result.returncode == 1
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_mode_starts_with_a_secret_key() -> None:
    result = start_django(DJANGO_DEBUG="false", SECRET_KEY="s" * 50)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("word", "value"), [("1", True), ("Yes", True), ("off", False), ("FALSE", False)]
)
def test_boolean_words(word: str, value: bool) -> None:
    assert Env({"FLAG": word}).boolean("FLAG", not value) is value


def test_boolean_default_when_unset_or_empty() -> None:
    assert Env({}).boolean("FLAG", True) is True
    assert Env({"FLAG": ""}).boolean("FLAG", False) is False


def test_bad_integer_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="WORKERS='two' is not a whole number"):
        Env({"WORKERS": "two"}).integer("WORKERS", 1)


def test_secret_read_from_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    assert Env({"SECRET_KEY_FILE": str(secret)}).required_str("SECRET_KEY", "") == "from-a-file"


def test_unreadable_secret_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY_FILE: cannot read"):
        Env({"SECRET_KEY_FILE": str(tmp_path / "missing")}).raw("SECRET_KEY")


def test_list_setting_splits_on_commas() -> None:
    assert Env({"HOSTS": "a.gov.cn, b.gov.cn,"}).strings("HOSTS", []) == ["a.gov.cn", "b.gov.cn"]


def test_time_zone_and_languages(settings: object) -> None:
    from django.conf import settings as django_settings

    assert django_settings.TIME_ZONE == "Asia/Shanghai"
    assert django_settings.USE_TZ is True
    assert django_settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in django_settings.LANGUAGES] == ["zh-hans", "en"]


def test_any_malformed_setting_stops_with_a_clear_message() -> None:
    result = start_django(DJANGO_DEBUG="true", SUBMISSION_CHUNK_ROWS="lots")
    assert result.returncode == 1
    assert "SUBMISSION_CHUNK_ROWS='lots' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_number_setting() -> None:
    assert Env({"SHARE": "0.25"}).number("SHARE", 0.5) == 0.25
    with pytest.raises(ConfigError, match="not a number"):
        Env({"SHARE": "half"}).number("SHARE", 0.5)


def test_every_model_change_has_its_migration_even_without_a_secret_key() -> None:
    # Code-only commands run in production mode with no SECRET_KEY, as a checker runs them.
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
