import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "congso.settings",
    "CONGSO_VAR_DIR": "/tmp/congso-settings-test",
}


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env={**BASE, **env}, capture_output=True, text=True
    )


def test_production_without_secret_key_is_refused_with_a_clear_message():
    result = run("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_database_url_selects_postgresql():
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    result = run(code, DEBUG="1", DATABASE_URL="postgresql://u@db.example:5432/congso")
    assert result.stdout.split() == ["django.db.backends.postgresql", "congso"]


def test_default_database_is_sqlite_under_var():
    result = run(
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        DEBUG="1",
    )
    assert result.stdout.strip() == "/tmp/congso-settings-test/congso.sqlite3"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_names_the_variable(value):
    result = run("import django; django.setup()", DEBUG=value)
    assert "DEBUG must be one of" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "-m", "congso", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **BASE,
            "DEBUG": "0",
            "SECRET_KEY": "k" * 20 + "-Zx9!q@W#e$R%t^Y&u*I(o)P_a+S=d" + "v" * 20,
            "ALLOWED_HOSTS": "congso.nghean.gov.vn",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_redis_cache_url_selects_the_redis_backend():
    result = run(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        DEBUG="1",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


def test_an_unknown_cache_url_is_refused_with_its_name():
    result = run("import django; django.setup()", DEBUG="1", CACHE_URL="memcached://x")
    assert "CACHE_URL must start with redis://" in result.stderr


def test_a_media_storage_that_cannot_be_imported_is_reported_at_start():
    result = subprocess.run(
        [sys.executable, "-m", "congso", "check"],
        env={**BASE, "DEBUG": "1", "MEDIA_STORAGE": "storages.backends.nowhere.Storage"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Could not find backend 'storages.backends.nowhere.Storage'" in result.stderr


@pytest.mark.django_db
def test_the_system_checks_pass():
    from django.core.management import call_command

    call_command("check", fail_level="WARNING")


def test_the_system_checks_pass_on_postgresql():
    # The checks read the engine, not the server: no database needs to answer.
    result = run(
        "from congso.cli import main; main(['congso', 'check', '--fail-level', 'ERROR'])",
        DEBUG="1",
        DATABASE_URL="postgresql://u@127.0.0.1:1/congso",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "postgres.E005" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [[str(Path(sys.executable).with_name("congso")), "check"], [sys.executable, "-m", "congso"]],
)
def test_the_command_line_without_secret_key_prints_the_sentence_alone(command):
    result = subprocess.run(command, env={**BASE, "DEBUG": "0"}, capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Cần SECRET_KEY khi DEBUG tắt: đặt SECRET_KEY là một chuỗi ngẫu nhiên dài, "
        "hoặc đặt DEBUG=1 khi phát triển trên máy mình.",
        "SECRET_KEY is required when DEBUG is off: set SECRET_KEY to a long random string, "
        "or set DEBUG=1 for local development.",
    ]
    assert "Traceback" not in result.stderr
