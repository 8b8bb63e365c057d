"""The paged feeds of a folder: the relevant policies, all policies and the revisions, then
per source and per province; what each is called and who belongs to it."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlencode

from feeds.archive import Stream
from feeds.diff.files import SAFE_NAME, diff_files, diff_missing, diff_name, write_diff_files
from feeds.entries import Entry
from feeds.maker import EntryMaker
from feeds.members import PolicyScope, RevisionScope
from feeds.render import Feed
from feeds.text import plain
from storage.models import Source
from storage.regions import NATIONAL, region_label

log = logging.getLogger(__name__)

DEFAULT_TOPIC = "medical_equipment"


def paged_streams(
    stored: list[Source],
    sources: list[str] | None,
    topic: str | None,
    base_url: str,
    maker: EntryMaker,
    out_dir: Path,
) -> list[Stream]:
    """The paged feeds, the source and region ones of the `stored` sources named in `sources`
    (all when None): `policies` and the source and region feeds hold the policies relevant
    to `topic` (all when None), `all` every policy, `revisions` and `sources/<id>.revisions`
    the revisions. The revisions' diff files are written under `out_dir` with their pages."""
    selected = _selected_sources(stored, sources)
    revisions = RevisionPages(out_dir, maker)
    streams = [
        Stream(_policies_feed(topic, base_url), PolicyScope(topic=topic), maker.policy_entries),
        Stream(_all_feed(base_url), PolicyScope(), maker.policy_entries),
        Stream(_revisions_feed(base_url), RevisionScope(), revisions.entries, revisions.files),
    ]
    for source in selected:
        streams += [
            Stream(
                _source_feed(source, base_url),
                PolicyScope((source.id,), topic),
                maker.policy_entries,
            ),
            Stream(
                _source_revisions_feed(source, base_url),
                RevisionScope(source.id),
                maker.revision_entries,
            ),
        ]
    for region, region_sources in _by_region(selected).items():
        streams.append(
            Stream(
                _region_feed(region, base_url),
                PolicyScope(tuple(sorted(region_sources)), topic),
                maker.policy_entries,
            )
        )
    return streams


class RevisionPages:
    """The entries of the revisions feed, with the diff files of each revision on a page
    written along when the change log touched its policy (or the maker builds afresh) or
    they are gone."""

    def __init__(self, out_dir: Path, maker: EntryMaker) -> None:
        self.out_dir = out_dir
        self.maker = maker

    def entries(self, ids: Sequence[int], earlier: Mapping[str, Entry]) -> list[Entry]:
        touched = self.maker.touched
        stale = [
            change_id
            for change_id, (key, number) in self.maker.versions(ids).items()
            if touched is None
            or change_id in touched.revisions
            or diff_missing(self.out_dir, key, number)
        ]
        write_diff_files(self.out_dir, self.maker.revisions(stale))
        return self.maker.revision_entries(ids, earlier)

    def files(self, ids: Sequence[int]) -> list[str]:
        """The diff files of the revisions `ids`, as paths in the feeds folder."""
        names = (diff_name(key, number) for key, number in self.maker.versions(ids).values())
        return [path for name in names if name for path in diff_files(name)]


def feed_url(base_url: str, file_name: str) -> str:
    """The URL of `file_name` (a path in the feeds folder) under `base_url`."""
    return f"{base_url.rstrip('/')}/{file_name}"


def _policies_feed(topic: str | None, base_url: str) -> Feed:
    return Feed(
        "policies",
        _policies_title(topic),
        "所有监测来源发布的相关新政策 (relevant new policies from every watched source)",
        base_url,
        [],
    )


def _all_feed(base_url: str) -> Feed:
    return Feed(
        "all",
        "policywatch · 全部新政策 (all new policies, any topic)",
        "所有监测来源发布的全部新政策 (every new policy from every watched source)",
        base_url,
        [],
    )


def _revisions_feed(base_url: str) -> Feed:
    return Feed(
        "revisions",
        "policywatch · 政策修订 (revisions)",
        "已发布政策的修订及其差异 (revisions of published policies, with diffs)",
        base_url,
        [],
    )


def _policies_title(topic: str | None) -> str:
    if topic is None:
        return "policywatch · 全部新政策 (all new policies)"
    if topic == DEFAULT_TOPIC:
        return "policywatch · 医疗装备新政策 (new medical-equipment policies)"
    return f"policywatch · {plain(topic)} (new policies on {plain(topic)})"


def _source_feed(source: Source, base_url: str) -> Feed:
    name = plain(source.name) or source.id
    return Feed(
        f"sources/{source.id}",
        f"policywatch · {name}",
        f"{name} 发布的新政策 (new policies from {plain(source.site) or source.id})",
        _source_page(base_url, source),
        [],
    )


def _source_revisions_feed(source: Source, base_url: str) -> Feed:
    name = plain(source.name) or source.id
    return Feed(
        f"sources/{source.id}.revisions",
        f"policywatch · {name} · 修订 (revisions)",
        f"{name} 已发布政策的修订及其差异 (revisions seen at {plain(source.site) or source.id})",
        _source_page(base_url, source),
        [],
    )


def _by_region(sources: list[Source]) -> dict[str, set[str]]:
    """The ids of the sources of each province, national ones left out."""
    regions: dict[str, set[str]] = {}
    for source in sources:
        if source.region != NATIONAL and SAFE_NAME.fullmatch(source.region):
            regions.setdefault(source.region, set()).add(source.id)
    return dict(sorted(regions.items()))


def _region_feed(region: str, base_url: str) -> Feed:
    name = region_label(region)
    return Feed(
        f"regions/{region}",
        f"policywatch · {name}",
        f"{name}各监测来源发布的相关新政策 (relevant new policies from {region})",
        feed_url(base_url, f"?{urlencode({'region': region})}"),
        [],
    )


def _source_page(base_url: str, source: Source) -> str:
    """The web view's list of the source's documents."""
    return feed_url(base_url, f"?{urlencode({'source': source.id})}")


def _selected_sources(stored: list[Source], ids: list[str] | None) -> list[Source]:
    selected = [source for source in stored if ids is None or source.id in ids]
    missing = set(ids or ()) - {source.id for source in selected}
    if missing:
        log.warning("no stored source %s; no feed written for it", ", ".join(sorted(missing)))
    unsafe = [source.id for source in selected if not SAFE_NAME.fullmatch(source.id)]
    if unsafe:
        log.warning("source ids unfit for a file name, no feed written: %r", unsafe)
    return [source for source in selected if source.id not in unsafe]
