"""policywatch.toml: the operator's settings, merged over the defaults shipped with the package."""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Collection
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from crawler.config_lines import key_line
from crawler.config_schema import ConfigFile, topic_references

DEFAULTS = files("crawler") / "default_config.toml"
USER_CONFIG = Path("policywatch.toml")
SHOWN_VALUE = 60


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


def user_config_path(path: Path | None = None) -> Path:
    """`path`, else the file $POLICYWATCH_CONFIG names, else ./policywatch.toml."""
    return path or Path(os.environ.get("POLICYWATCH_CONFIG", USER_CONFIG))


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The defaults with `path` (else $POLICYWATCH_CONFIG, else ./policywatch.toml) laid over,
    checked against the schema (`crawler.config_schema`); ConfigError names the first problem
    with its file and line."""
    config = _read(DEFAULTS)
    chosen = user_config_path(path)
    if chosen.exists():
        config = merge(config, _read(chosen))
    elif path is not None or "POLICYWATCH_CONFIG" in os.environ:
        raise ConfigError(f"config file {chosen} does not exist")
    try:
        checked = ConfigFile.model_validate(config)
    except ValidationError as error:
        raise _first_problem(error, chosen) from None
    for where, topic in topic_references(checked):
        known = ", ".join(sorted(checked.topics))
        raise config_error(where, f"no topic {topic!r} in [topics]; known: {known}", chosen)
    return config


def config_error(
    where: tuple[str, ...], message: str, path: Path | None = None, *, item: str = ""
) -> ConfigError:
    """A ConfigError about the key at `where` (its list `item`, as `[0]`), prefixed with the
    file and line that write it (the operator's file when it does, else the defaults)."""
    name = _key_name(where) + item
    for file in (user_config_path(path), DEFAULTS):
        text = file.read_text(encoding="utf-8") if file.is_file() else ""
        line = key_line(text, where)
        if line is not None:
            return ConfigError(f"{file}:{line}: {name}: {message}")
    return ConfigError(f"{user_config_path(path)}: {name}: {message}")


def unknown_name(name: str, known: Collection[str], what: str) -> str:
    """`unknown <what>`, with the closest known name as a suggestion when one is close."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"unknown {what}; did you mean {close[0]!r}?" if close else f"unknown {what}"


def _first_problem(error: ValidationError, path: Path) -> ConfigError:
    problem = error.errors(include_url=False)[0]
    keys = [part for part in problem["loc"] if isinstance(part, str)]
    where = tuple(keys)
    item = "".join(f"[{part}]" for part in problem["loc"] if isinstance(part, int))
    if problem["type"] == "extra_forbidden":
        known = _fields_at(where[:-1])
        what = "table" if isinstance(problem["input"], dict) else "key"
        return config_error(where, unknown_name(where[-1], known, what), path)
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] != "value_error" and not isinstance(problem["input"], dict):
        message += f", got {_shown(problem['input'])}"
    return config_error(where, message, path, item=item)


def _fields_at(where: tuple[str, ...]) -> list[str]:
    """The keys the schema allows in the table at `where`."""
    model: type[BaseModel] = ConfigFile
    for part in where:
        field = model.model_fields.get(part)
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        elif field is None:
            continue
        else:
            model = get_args(annotation)[-1]
    return list(model.model_fields)


def _key_name(where: tuple[str, ...]) -> str:
    if len(where) == 1:
        return f"[{where[0]}]"
    return f"[{'.'.join(where[:-1])}] {where[-1]}"


def _shown(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= SHOWN_VALUE else shown[: SHOWN_VALUE - 1] + "…"


def _read(path: Path | Traversable) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from error
