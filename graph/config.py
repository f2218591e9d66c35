"""Settings, read once from the environment (and a ``.env`` file) by pydantic-settings.

Nothing reads ``os.environ`` elsewhere; entry points call :func:`get_settings` and pass the
result down.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_LOCAL_DEFAULT_PASSWORD = "kg-local-password"  # documented in the README; local server only


class Settings(BaseSettings):
    """Every setting of the project. Environment variables use the names in ``alias``."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    environment: Literal["development", "test", "production"] = Field(
        "development", alias="KG_ENV"
    )
    # Neo4j. Without NEO4J_URI the local server (graph.local) is used and started on demand.
    neo4j_uri: str | None = Field(None, alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(SecretStr(_LOCAL_DEFAULT_PASSWORD), alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", alias="NEO4J_DATABASE")
    query_timeout_s: float = Field(30.0, alias="KG_QUERY_TIMEOUT", gt=0)

    # The local server.
    local_bolt_port: int = Field(7687, alias="KG_LOCAL_BOLT_PORT", ge=1, le=65535)
    local_http_port: int = Field(7474, alias="KG_LOCAL_HTTP_PORT", ge=1, le=65535)
    local_heap: str = Field("512m", alias="KG_LOCAL_HEAP")
    local_pagecache: str = Field("128m", alias="KG_LOCAL_PAGECACHE")
    state_dir: Path = Field(PROJECT_ROOT / ".state", alias="KG_STATE_DIR")

    # Ingest.
    batch_size: int = Field(1000, alias="KG_BATCH_SIZE", ge=1, le=100_000)

    # API.
    api_keys: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="KG_API_KEYS")
    read_requires_key: bool = Field(False, alias="KG_READ_REQUIRES_KEY")
    graphiql: bool = Field(True, alias="KG_GRAPHIQL")
    introspection: bool = Field(True, alias="KG_INTROSPECTION")
    max_page_size: int = Field(100, alias="KG_MAX_PAGE_SIZE", ge=1)
    max_query_depth: int = Field(10, alias="KG_MAX_QUERY_DEPTH", ge=1)
    max_aliases: int = Field(30, alias="KG_MAX_ALIASES", ge=1)
    max_tokens: int = Field(2000, alias="KG_MAX_TOKENS", ge=10)
    max_subgraph_edges: int = Field(200_000, alias="KG_MAX_SUBGRAPH_EDGES", ge=1)
    api_max_subgraph_edges: int = Field(5_000, alias="KG_API_MAX_SUBGRAPH_EDGES", ge=1)
    tune_gc: bool = Field(True, alias="KG_TUNE_GC")

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [k.strip() for k in value.split(",") if k.strip()]
        return value

    @property
    def uses_local_server(self) -> bool:
        """True when no NEO4J_URI is configured, so the project's local Neo4j is used."""
        return not self.neo4j_uri

    @property
    def bolt_uri(self) -> str:
        """The Bolt URI to connect to: NEO4J_URI, or the local server's."""
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_bolt_port}"

    def check_production(self) -> None:
        """Refuse the documented local default password outside development and tests."""
        if (
            self.environment == "production"
            and self.neo4j_password.get_secret_value() == _LOCAL_DEFAULT_PASSWORD
        ):
            from graph.errors import ConfigError

            raise ConfigError(
                "NEO4J_PASSWORD is the local default; set a real password for production"
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once)."""
    return Settings()
