from __future__ import annotations

import dataclasses

import pytest

from bot.settings import DEFAULT_SQLITE_PATH, get_settings, settings_from


def test_defaults_use_embedded_sqlite_and_standard_ports() -> None:
    settings = settings_from({})
    assert settings.database_url == f"sqlite:///{DEFAULT_SQLITE_PATH}"
    assert settings.is_sqlite
    assert (settings.rasa_port, settings.action_port, settings.web_port) == (5005, 5055, 8080)
    assert settings.action_endpoint_url == "http://127.0.0.1:5055/webhook"
    assert settings.retention_days == 30


def test_environment_overrides_and_derived_urls() -> None:
    settings = settings_from(
        {
            "DATABASE_URL": "postgresql+psycopg2://postgres@127.0.0.1:5432/lotse",
            "RASA_PORT": "6005",
            "ACTION_PORT": "6055",
            "RETENTION_DAYS": "7",
            "LOG_LEVEL": "debug",
        }
    )
    assert not settings.is_sqlite
    assert settings.rasa_url == "http://localhost:6005"
    assert settings.action_endpoint_url == "http://127.0.0.1:6055/webhook"
    assert settings.retention_days == 7
    assert settings.log_level == "DEBUG"


def test_blank_values_fall_back_to_defaults() -> None:
    settings = settings_from({"DATABASE_URL": "  ", "RASA_PORT": "", "ACTION_ENDPOINT_URL": ""})
    assert settings.is_sqlite
    assert settings.rasa_port == 5005


def test_bad_number_names_the_variable() -> None:
    with pytest.raises(ValueError, match="RASA_PORT"):
        settings_from({"RASA_PORT": "fünf"})


def test_settings_are_frozen() -> None:
    settings = settings_from({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.rasa_port = 1  # type: ignore[misc]
    assert settings.rasa_port == 5005


def test_settings_are_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "300")
    first = get_settings()
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "400")
    assert get_settings() is first and first.max_message_chars == 300
    get_settings.cache_clear()
    assert get_settings().max_message_chars == 400


def test_dotenv_file_is_read_without_overriding_the_environment(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.settings as module

    (tmp_path / ".env").write_text("RASA_PORT=7005\nWEB_PORT=7080\n", encoding="utf-8")
    monkeypatch.setattr(module, "PROJECT_ROOT", tmp_path)
    monkeypatch.setenv("WEB_PORT", "9090")
    # set-then-delete so monkeypatch restores the original state after load_dotenv wrote it
    monkeypatch.setenv("RASA_PORT", "0")
    monkeypatch.delenv("RASA_PORT")
    settings = module.get_settings()
    assert settings.rasa_port == 7005
    assert settings.web_port == 9090


@pytest.mark.parametrize(
    ("value", "on"), [("", True), ("1", True), ("yes", True), ("0", False), (" Off ", False)]
)
def test_rasa_patches_switch(value: str, on: bool) -> None:
    assert settings_from({"LOTSE_RASA_PATCHES": value}).rasa_patches is on
    assert settings_from({}).rasa_patches is True
