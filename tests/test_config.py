"""Settings come from the environment, with clear refusals."""

from __future__ import annotations

import pytest

from graph.config import Settings
from graph.errors import ConfigError


def test_api_keys_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_API_KEYS", "first-key, second-key")
    assert Settings().api_keys == ["first-key", "second-key"]


def test_without_uri_the_local_server_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("KG_LOCAL_BOLT_PORT", "7999")
    s = Settings(_env_file=None)
    assert s.uses_local_server and s.bolt_uri == "bolt://127.0.0.1:7999"


def test_production_refuses_the_local_default_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    s = Settings(KG_ENV="production", _env_file=None)
    with pytest.raises(ConfigError, match="local default"):
        s.check_production()
