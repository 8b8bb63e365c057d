"""Scrapy's spider loader, with a spider class made for every source of the catalogue."""

from __future__ import annotations

import importlib
from typing import Any

from scrapy import Spider
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from crawler.catalogue import CatalogueEntry, catalogue
from crawler.config import load_config
from crawler.platform_table import PLATFORMS


def platform_class(platform: str) -> type[Spider]:
    """The spider class of a platform, imported from its `module:Class` path."""
    module, _, name = PLATFORMS[platform][0].partition(":")
    found: type[Spider] = getattr(importlib.import_module(module), name)
    return found


def spider_class(entry: CatalogueEntry, base: type[Spider] | None = None) -> type[Spider]:
    """The spider of a catalogue entry: its platform's class (or `base`, a spider file's
    class for a site that departs from its platform) with the entry's attributes."""
    attributes: dict[str, Any] = {
        "name": entry.id,
        "site": entry.site,
        "site_name": entry.site_name,
        "column_name": entry.column_name,
        "list_url": entry.list_url,
        "default_agency": entry.default_agency,
        "region": entry.region,
        "city": entry.city,
        **entry.attributes,
    }
    chosen = base or platform_class(entry.platform)
    class_name = "".join(part.title() for part in entry.id.split("_")) + "Spider"
    return type(class_name, (chosen,), {"__module__": chosen.__module__, **attributes})


def source_spider(source_id: str) -> type[Spider]:
    """The spider class of one source, as `scrapy crawl` gets it."""
    return CatalogueSpiderLoader.from_settings(BaseSettings({"SPIDER_MODULES": ["spiders"]})).load(
        source_id
    )


class CatalogueSpiderLoader(SpiderLoader):
    """Spiders of `SPIDER_MODULES` and of the catalogue: a spider file named after a catalogue
    source refines that source's class; one named after no source is refused."""

    def _load_all_spiders(self) -> None:
        super()._load_all_spiders()
        entries = catalogue(load_config())
        if stray := sorted(set(self._spiders) - set(entries)):
            raise ValueError(f"spider {stray[0]!r} is in no [sources.*] table of the catalogue")
        for name, entry in entries.items():
            self._spiders[name] = spider_class(entry, self._spiders.get(name))
