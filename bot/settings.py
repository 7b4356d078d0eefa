"""One place for configuration: a frozen dataclass read once from the environment (and `.env`).

Every project setting is read here and nowhere else: code calls :func:`get_settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "lotse.db"


_OFF = {"0", "false", "no", "off"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Runtime settings. Build with :func:`get_settings`; never mutate."""

    database_url: str
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8080
    rasa_url: str = "http://localhost:5005"
    action_endpoint_url: str = "http://127.0.0.1:5055/webhook"
    retention_days: int = 30
    max_message_chars: int = 1000
    log_level: str = "INFO"
    # "production" refuses a missing STAFF_SECRET_KEY; anything else is development.
    environment: str = "development"
    staff_port: int = 8090
    staff_secret_key: str = ""
    staff_session_minutes: int = 30
    staff_https: bool = False
    staff_login_limit: str = "10 per minute;50 per hour"
    # components/rasa_patches.py: Lotse's speed fixes of Rasa internals (0 = Rasa's own code)
    rasa_patches: bool = True
    # scripts/serve_rasa.py: serve a model that needs no TensorFlow without loading it
    without_tensorflow: bool = True
    # scripts/serve_rasa.py: the loaded model frozen out of the garbage collector's scans
    gc_tuning: bool = True
    # bot/referrals/kept.py: how long a process keeps an answer of the referral directory
    referral_cache_seconds: int = 60
    # `lotse db check` flags records whose source_date is older than this (docs/redaktion.md)
    referral_max_age_days: int = 365

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def settings_from(env: Mapping[str, str]) -> Settings:
    """Settings from the variables in ``env`` (blank values count as unset)."""
    rasa_port = _int(env, "RASA_PORT", 5005)
    action_port = _int(env, "ACTION_PORT", 5055)
    return Settings(
        database_url=env.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        rasa_port=rasa_port,
        action_port=action_port,
        web_port=_int(env, "WEB_PORT", 8080),
        rasa_url=env.get("RASA_URL", "").strip() or f"http://localhost:{rasa_port}",
        action_endpoint_url=env.get("ACTION_ENDPOINT_URL", "").strip()
        or f"http://127.0.0.1:{action_port}/webhook",
        retention_days=_int(env, "RETENTION_DAYS", 30),
        max_message_chars=_int(env, "MAX_MESSAGE_CHARS", 1000),
        log_level=env.get("LOG_LEVEL", "").strip().upper() or "INFO",
        environment=env.get("LOTSE_ENV", "").strip().lower() or "development",
        staff_port=_int(env, "STAFF_PORT", 8090),
        staff_secret_key=env.get("STAFF_SECRET_KEY", "").strip(),
        staff_session_minutes=_int(env, "STAFF_SESSION_MINUTES", 30),
        staff_https=env.get("STAFF_HTTPS", "").strip().lower() in {"1", "true", "yes"},
        staff_login_limit=env.get("STAFF_LOGIN_LIMIT", "").strip() or "10 per minute;50 per hour",
        rasa_patches=env.get("LOTSE_RASA_PATCHES", "").strip().lower() not in _OFF,
        without_tensorflow=env.get("LOTSE_WITHOUT_TENSORFLOW", "").strip().lower() not in _OFF,
        gc_tuning=env.get("LOTSE_GC_TUNING", "").strip().lower() not in _OFF,
        referral_max_age_days=_int(env, "REFERRAL_MAX_AGE_DAYS", 365),
        referral_cache_seconds=_int(env, "REFERRAL_CACHE_SECONDS", 60),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once: the environment after loading ``.env`` (which
    never overrides a variable that is set). ``get_settings.cache_clear()`` reads them again."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    return settings_from(os.environ)
