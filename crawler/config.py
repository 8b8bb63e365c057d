"""policywatch.toml: the operator's settings, merged over the defaults shipped with the package."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).with_name("default_config.toml")
USER_CONFIG = Path("policywatch.toml")


class ConfigError(ValueError):
    """policywatch.toml cannot be read or says something impossible."""


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` laid over `base`, table by table."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The defaults with `path` (else $POLICYWATCH_CONFIG, else ./policywatch.toml) laid over."""
    config = _read(DEFAULTS)
    chosen = path or Path(os.environ.get("POLICYWATCH_CONFIG", USER_CONFIG))
    if chosen.exists():
        config = merge(config, _read(chosen))
    elif path is not None or "POLICYWATCH_CONFIG" in os.environ:
        raise ConfigError(f"config file {chosen} does not exist")
    return config


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from error


def feed_topic(config: dict[str, Any]) -> str | None:
    """The topic the default feeds are filtered on (`[feeds] topic`; empty for no filter)."""
    return config.get("feeds", {}).get("topic") or None
