"""The source catalogue: the shipped sources of `spiders/sources.toml` and the operator's new ones.

Reading it imports no Scrapy, so commands that only list sources start fast.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from crawler.config import ConfigError, config_error, unknown_name
from crawler.config_schema import SourceTable
from crawler.platform_table import PLATFORM_KEYS

CATALOGUE = files("spiders") / "sources.toml"


@dataclass(frozen=True)
class CatalogueEntry:
    """One source as data: its platform, where it is, whose it is and how its pages read."""

    id: str
    platform: str
    site: str
    site_name: str
    column_name: str
    list_url: str
    default_agency: str
    region: str
    city: str | None
    attributes: Mapping[str, Any]
    shipped: bool


def shipped_tables(path: Traversable = CATALOGUE) -> dict[str, SourceTable]:
    """The catalogue's tables, each checked like a new source of policywatch.toml."""
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("sources", {})
    tables = {}
    for name, table in raw.items():
        try:
            tables[name] = SourceTable.model_validate(table)
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            raise ConfigError(f"{path}: [sources.{name}]: {problem['msg']}") from None
        if tables[name].platform is None:
            raise ConfigError(f"{path}: [sources.{name}]: a shipped source needs its platform")
    return tables


def catalogue(config: Mapping[str, Any]) -> dict[str, CatalogueEntry]:
    """Every source by id: the shipped ones, then the config's tables that name a platform.

    A config table without `platform` must name a shipped source (it overrides it); one with
    `platform` must not (a shipped source is changed, not redefined).
    """
    shipped = shipped_tables()
    entries = {name: _entry(name, table, shipped=True) for name, table in shipped.items()}
    for name, raw in config.get("sources", {}).items():
        table = SourceTable.model_validate(raw)
        if table.platform is None and name not in shipped:
            message = unknown_name(name, list(shipped), "source")
            raise config_error(("sources", name), f"{message} (a new one needs platform = …)")
        if table.platform is not None:
            if name in shipped:
                raise config_error(
                    ("sources", name, "platform"),
                    "a shipped source: override its list_url, schedule, topic or enabled only",
                )
            entries[name] = _entry(name, table, shipped=False)
    return dict(sorted(entries.items()))


def _entry(name: str, table: SourceTable, *, shipped: bool) -> CatalogueEntry:
    site = table.site or urlsplit(table.list_url).hostname or ""
    return CatalogueEntry(
        id=name,
        platform=str(table.platform),
        site=site,
        site_name=str(table.site_name),
        column_name=str(table.column_name),
        list_url=table.list_url,
        default_agency=table.default_agency or str(table.site_name),
        region=str(table.region),
        city=table.city,
        attributes=spider_attributes(table),
        shipped=shipped,
    )


def spider_attributes(table: SourceTable) -> dict[str, Any]:
    """The platform attributes a table sets, as the spider class wants them: tuples for lists,
    None for ""."""
    attributes: dict[str, Any] = {}
    for key in sorted(table.model_fields_set & PLATFORM_KEYS):
        value = getattr(table, key)
        attributes[key] = tuple(value) if isinstance(value, list) else (value or None)
    return attributes
